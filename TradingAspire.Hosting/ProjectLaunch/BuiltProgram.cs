using System.Reflection;

namespace TradingAspire.Hosting;

/// <summary>
/// A .NET project's built program in <c>bin/{Configuration}/{TargetFramework}/</c>: the native launcher <c>{ProjectName}</c>
/// (no <paramref name="Arguments"/>), or <c>dotnet exec {ProjectName}.dll</c> when the project sets <c>UseAppHost=false</c>.
/// </summary>
internal sealed record BuiltProgram(string Command, IReadOnlyList<string> Arguments)
{
    /// <summary>The program of <paramref name="projectPath"/> built in <paramref name="configuration"/>; of several target
    /// frameworks, the latest built.</summary>
    /// <exception cref="InvalidOperationException">No built program: the message names <paramref name="resourceName"/>, the path looked at and the build command.</exception>
    public static BuiltProgram Locate(string resourceName, string projectPath, string configuration)
    {
        var name = Path.GetFileNameWithoutExtension(projectPath);
        var configurationDirectory = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration);
        var dll = (Directory.Exists(configurationDirectory) ? Directory.EnumerateDirectories(configurationDirectory) : [])
            .Select(directory => new FileInfo(Path.Combine(directory, name + ".dll")))
            .Where(file => file.Exists && File.Exists(Path.ChangeExtension(file.FullName, ".runtimeconfig.json")))
            .OrderByDescending(file => file.LastWriteTimeUtc)
            .FirstOrDefault() ?? throw new InvalidOperationException(
                $"Project resource '{resourceName}' is launched as its built program, but no {name}.dll with a runtimeconfig.json was found under " +
                $"{Path.Combine(configurationDirectory, "<target framework>")}. Build it first: dotnet build \"{projectPath}\" -c {configuration} " +
                "(`dotnet run` of the AppHost builds it), or remove WithDirectLaunch() to start it through `dotnet run`.");
        return ExecutableSearch.Find(Path.Combine(dll.DirectoryName!, name)) is { } launcher
            ? new BuiltProgram(launcher, [])
            : new BuiltProgram("dotnet", ["exec", dll.FullName]);
    }

    /// <summary>The build configuration (<c>Debug</c>, <c>Release</c>) <paramref name="assembly"/> was built in; <c>Debug</c> when it does not say.</summary>
    public static string ConfigurationOf(Assembly assembly)
        => assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration ? configuration : "Debug";
}
