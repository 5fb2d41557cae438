using System.Reflection;
using System.Runtime.InteropServices;

namespace TradingAspire.Hosting;

/// <summary>
/// Before any resource starts, gives every project marked with <see cref="DirectLaunchAnnotation"/> Aspire's command
/// override, an <see cref="ExecutableAnnotation"/> naming its <see cref="BuiltProgram"/>. Left to Aspire: an IDE session,
/// and under <c>DOTNET_WATCH=true</c> the projects that rebuild on change (Aspire runs those under <c>dotnet watch</c>).
/// </summary>
internal sealed class DirectLaunchSubscriber(IConfiguration configuration, DistributedApplicationOptions options, ILogger<DirectLaunchSubscriber> logger)
    : RunModeSubscriber
{
    protected override void BeforeStart(DistributedApplicationModel model) => Apply(model);

    internal void Apply(DistributedApplicationModel model)
    {
        var projects = model.Resources.OfType<ProjectResource>().Where(p => p.HasAnnotationOfType<DirectLaunchAnnotation>()).ToList();
        if (projects.Count == 0)
        {
            return;
        }

        if (IsIdeSession(configuration))
        {
            logger.LogInformation("IDE session: projects {Projects} are launched by the IDE, as Aspire does.", string.Join(", ", projects.Select(p => p.Name)));
            return;
        }

        var buildConfiguration = BuiltProgram.ConfigurationOf(AppHostAssembly());
        // Under DOTNET_WATCH=true Aspire runs the projects that rebuild on change under `dotnet watch`.
        foreach (var project in projects.Where(p => !(IsDotnetWatch(configuration) && p.HasAnnotationOfType<RebuildOnChangeAnnotation>())))
        {
            var projectPath = project.GetProjectMetadata().ProjectPath;
            var program = BuiltProgram.Locate(project.Name, projectPath, buildConfiguration);
            project.Annotations.Add(new ExecutableAnnotation { Command = program.Command, WorkingDirectory = Path.GetDirectoryName(projectPath)! });
            if (program.Arguments.Count > 0)
            {
                // Before Aspire's arguments (the project's own): `dotnet exec {dll}` then them.
                project.Annotations.Add(new CommandLineArgsCallbackAnnotation(args => program.Arguments.Reverse().ToList().ForEach(argument => args.Insert(0, argument))));
            }
            else
            {
                // The native launcher finds the runtime through DOTNET_ROOT: the one this AppHost runs on.
                project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
                {
                    if (!context.EnvironmentVariables.ContainsKey("DOTNET_ROOT") && DotnetRoot() is { } root)
                    {
                        context.EnvironmentVariables["DOTNET_ROOT"] = root;
                    }
                }));
            }

            logger.LogDebug("{Resource}: launched as {Command}", project.Name, program.Command);
        }
    }

    /// <summary>The AppHost was started by an IDE that launches project resources itself (F5: <c>DEBUG_SESSION_PORT</c>, Aspire's key).</summary>
    internal static bool IsIdeSession(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["DEBUG_SESSION_PORT"]);

    /// <summary>The AppHost asks Aspire to run projects under <c>dotnet watch</c> (<c>DOTNET_WATCH=true</c>).</summary>
    internal static bool IsDotnetWatch(IConfiguration configuration) => bool.TryParse(configuration["DOTNET_WATCH"], out var watch) && watch;

    private Assembly AppHostAssembly()
        => AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == options.AssemblyName)
           ?? Assembly.GetEntryAssembly()
           ?? typeof(DirectLaunchSubscriber).Assembly;

    /// <summary>The .NET installation this process runs on (…/shared/Microsoft.NETCore.App/{version}/ up three), or null when unknown.</summary>
    private static string? DotnetRoot()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        return File.Exists(Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")) ? root : null;
    }
}
