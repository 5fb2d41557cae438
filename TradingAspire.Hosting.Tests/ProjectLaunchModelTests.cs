using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace TradingAspire.Hosting.Tests;

/// <summary>Where a project's built program is found, which files are its sources, and the command override, without processes.</summary>
public sealed class ProjectLaunchModelTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("project-launch-model-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Built_program_is_the_native_launcher_of_the_newest_target_framework_build()
    {
        var project = Project("svc");
        Output(project, "net9.0", launcher: true, age: TimeSpan.FromHours(1));
        var output = Output(project, "net10.0", launcher: true, age: TimeSpan.Zero);

        var program = BuiltProgram.Locate("svc", project, TestWebProject.Configuration);

        Assert.Equal(Path.Combine(output, "svc"), program.Command);
        Assert.Empty(program.Arguments);
    }

    [Fact]
    public void Built_program_without_a_native_launcher_runs_through_dotnet_exec()
    {
        var project = Project("svc");
        var output = Output(project, "net10.0", launcher: false, age: TimeSpan.Zero);

        var program = BuiltProgram.Locate("svc", project, TestWebProject.Configuration);

        Assert.Equal("dotnet", program.Command);
        Assert.Equal(["exec", Path.Combine(output, "svc.dll")], program.Arguments);
    }

    [Fact]
    public void Project_never_built_stops_the_start_naming_the_path_and_the_build_command()
    {
        var project = Project("svc");

        var error = Assert.Throws<InvalidOperationException>(() => BuiltProgram.Locate("api", project, "Release"));

        var directory = Path.GetDirectoryName(project)!;
        Assert.Equal($"Project resource 'api' is launched as its built program, but no svc.dll with a runtimeconfig.json was found under " +
            $"{directory}/bin/Release/<target framework>. Build it first: dotnet build \"{project}\" -c Release (`dotnet run` of the AppHost builds it), " +
            "or remove WithDirectLaunch() to start it through `dotnet run`.", error.Message);
    }

    [Fact]
    public void Sources_are_code_and_project_files_outside_build_output_in_the_project_and_its_references()
    {
        var shared = Project("shared");
        var lib = Project("lib", $"""<ProjectReference Include="..\shared\shared.csproj" />""");
        var app = Project("app", $"""<ProjectReference Include="..\lib\lib.csproj" /><ProjectReference Include="../shared/shared.csproj" />""");

        Assert.Equal(new[] { app, lib, shared }.Select(p => Path.GetDirectoryName(p)!).Order(StringComparer.Ordinal),
            SourceChangeRebuilder.SourceDirectories(app).Order(StringComparer.Ordinal));
        var directory = Path.GetDirectoryName(app)!;
        Assert.True(SourceChangeRebuilder.IsSource(directory, Path.Combine(directory, "Program.cs")));
        Assert.True(SourceChangeRebuilder.IsSource(directory, Path.Combine(directory, "Orders", "OrderRoutes.cs")));
        Assert.True(SourceChangeRebuilder.IsSource(directory, Path.Combine(directory, "app.csproj")));
        Assert.False(SourceChangeRebuilder.IsSource(directory, Path.Combine(directory, "obj", "Debug", "net10.0", "app.AssemblyInfo.cs")));
        Assert.False(SourceChangeRebuilder.IsSource(directory, Path.Combine(directory, "bin", "Debug", "generated.cs")));
        Assert.False(SourceChangeRebuilder.IsSource(directory, Path.Combine(directory, "appsettings.json")));
        Assert.False(SourceChangeRebuilder.IsSource(directory, Path.Combine(directory, ".vs", "x.cs")));
    }

    [Fact]
    public void Direct_launch_sets_the_command_override_except_in_an_ide_session()
    {
        var project = Project("svc");
        var output = Output(project, "net10.0", launcher: true, age: TimeSpan.Zero);

        var launched = Apply(project, new Dictionary<string, string?>());
        var executable = Assert.Single(launched.Annotations.OfType<ExecutableAnnotation>());
        Assert.Equal(Path.Combine(output, "svc"), executable.Command);
        Assert.Equal(Path.GetDirectoryName(project), executable.WorkingDirectory);

        var ide = Apply(project, new Dictionary<string, string?> { ["DEBUG_SESSION_PORT"] = "localhost:51234" });
        Assert.Empty(ide.Annotations.OfType<ExecutableAnnotation>());

        // Under DOTNET_WATCH=true a project that rebuilds on change is left to Aspire's `dotnet watch`; another is launched directly.
        Assert.Empty(Apply(project, new Dictionary<string, string?> { ["DOTNET_WATCH"] = "true" }, rebuildOnChange: true).Annotations.OfType<ExecutableAnnotation>());
        Assert.Single(Apply(project, new Dictionary<string, string?> { ["DOTNET_WATCH"] = "true" }).Annotations.OfType<ExecutableAnnotation>());
    }

    [Fact]
    public async Task Direct_launch_without_a_native_launcher_puts_dotnet_exec_before_the_projects_arguments()
    {
        var project = Project("svc");
        var output = Output(project, "net10.0", launcher: false, age: TimeSpan.Zero);

        var launched = Apply(project, new Dictionary<string, string?>());
        List<object> args = ["--urls", "http://127.0.0.1:5000"];
        await Assert.Single(launched.Annotations.OfType<CommandLineArgsCallbackAnnotation>()).Callback(new CommandLineArgsCallbackContext(args));
        Assert.Equal(["exec", Path.Combine(output, "svc.dll"), "--urls", "http://127.0.0.1:5000"], args);
    }

    [Fact]
    public void Rebuild_on_change_applies_in_development_only_and_checks_its_quiet_period()
    {
        var project = Project("svc");
        using var development = DistributedApplicationTestingBuilder.Create(["--environment", "Development"], (options, _) => options.DisableDashboard = true);
        Assert.Single(development.AddProject("svc", project).WithRebuildOnChange().Resource.Annotations.OfType<RebuildOnChangeAnnotation>());

        using var production = DistributedApplicationTestingBuilder.Create(["--environment", "Production"], (options, _) => options.DisableDashboard = true);
        Assert.Empty(production.AddProject("svc", project).WithRebuildOnChange().Resource.Annotations.OfType<RebuildOnChangeAnnotation>());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => development.AddProject("other", project).WithRebuildOnChange(TimeSpan.Zero));
        Assert.StartsWith("The quiet period of 'other' must be greater than zero and at most 10 s, got 00:00:00. Example: WithRebuildOnChange(TimeSpan.FromMilliseconds(300)).",
            error.Message);
    }

    private ProjectResource Apply(string projectPath, Dictionary<string, string?> settings, bool rebuildOnChange = false)
    {
        using var builder = DistributedApplicationTestingBuilder.Create(["--environment", "Development"], (options, _) => options.DisableDashboard = true);
        var project = builder.AddProject($"svc{settings.Count}", projectPath).WithDirectLaunch();
        var resource = (rebuildOnChange ? project.WithRebuildOnChange() : project).Resource;
        var model = new DistributedApplicationModel(new List<IResource> { resource });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        new DirectLaunchSubscriber(configuration, new DistributedApplicationOptions { AssemblyName = typeof(ProjectLaunchModelTests).Assembly.GetName().Name! }, NullLogger<DirectLaunchSubscriber>.Instance).Apply(model);
        return resource;
    }

    private string Project(string name, string references = "")
    {
        var path = Path.Combine(_root.FullName, name, name + ".csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"""<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>{references}</ItemGroup></Project>""");
        return path;
    }

    private static string Output(string project, string framework, bool launcher, TimeSpan age)
    {
        var name = Path.GetFileNameWithoutExtension(project);
        var output = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(project)!, "bin", TestWebProject.Configuration, framework)).FullName;
        var dll = Path.Combine(output, name + ".dll");
        File.WriteAllText(dll, "");
        File.SetLastWriteTimeUtc(dll, DateTime.UtcNow - age);
        File.WriteAllText(Path.Combine(output, name + ".runtimeconfig.json"), "{}");
        if (launcher && !OperatingSystem.IsWindows())
        {
            File.WriteAllText(Path.Combine(output, name), "");
            File.SetUnixFileMode(Path.Combine(output, name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return output;
    }
}
