using System.Diagnostics;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// A minimal ASP.NET Core project written to a temporary directory and built once (in this test assembly's
/// configuration, as an AppHost builds its projects): <c>GET /</c> answers <c>version {n}</c>. Tests launch it as a
/// project resource and change its source.
/// </summary>
public sealed class TestWebProject : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("project-launch-");

    /// <summary>The project file.</summary>
    public string ProjectPath => Path.Combine(_root.FullName, "web", "web.csproj");

    /// <summary>The program's source.</summary>
    public string ProgramPath => Path.Combine(_root.FullName, "web", "Program.cs");

    /// <summary>The configuration it is built in (this assembly's).</summary>
    public static string Configuration => BuiltProgram.ConfigurationOf(typeof(TestWebProject).Assembly);

    /// <summary>Source of a Program.cs answering <c>GET /</c> with <paramref name="body"/>.</summary>
    public static string Program(string body) => $$"""
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/", () => "{{body}}");
        app.Run();
        """;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ProjectPath)!);
        await File.WriteAllTextAsync(ProjectPath, """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(ProgramPath, Program("version 1"));
        var build = new ProcessStartInfo("dotnet", ["build", ProjectPath, "-c", Configuration, "-nologo", "-v", "q", "-clp:ErrorsOnly"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var key in build.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            build.Environment.Remove(key); // set by `dotnet test` for its own MSBuild; a child build must find its own
        }

        using var process = Process.Start(build)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build {ProjectPath} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
