using System.Reflection;

namespace TradingAspire.Hosting;

/// <summary>
/// A .NET project's built program as <c>dotnet build</c> leaves it: <c>bin/{Configuration}/{TargetFramework}/</c> of the
/// project directory, holding <c>{ProjectName}.dll</c>, its <c>.runtimeconfig.json</c> and, unless the project sets
/// <c>UseAppHost=false</c>, the native launcher <c>{ProjectName}</c> (the process then carries the program's own name).
/// </summary>
/// <param name="Command">The native launcher, or <c>dotnet</c> when the project has none.</param>
/// <param name="Arguments">Arguments before the project's own: none for the launcher, <c>exec {dll}</c> for <c>dotnet</c>.</param>
/// <param name="Directory">The output directory the program was found in.</param>
internal sealed record BuiltProgram(string Command, IReadOnlyList<string> Arguments, string Directory)
{
    /// <summary>
    /// Finds the program of <paramref name="projectPath"/> built in <paramref name="configuration"/>; when several target
    /// frameworks were built, the most recently built one.
    /// </summary>
    /// <param name="resourceName">The resource, named in the error.</param>
    /// <param name="projectPath">Absolute path of the <c>.csproj</c>.</param>
    /// <param name="configuration">The build configuration, e.g. <c>Debug</c> (the AppHost's own, as <c>dotnet run</c> would build).</param>
    /// <exception cref="InvalidOperationException">No built program: the message names the path looked at and the build command.</exception>
    public static BuiltProgram Locate(string resourceName, string projectPath, string configuration)
    {
        var projectDirectory = Path.GetDirectoryName(projectPath) ?? throw new ArgumentException($"'{projectPath}' has no directory.", nameof(projectPath));
        var name = Path.GetFileNameWithoutExtension(projectPath);
        var configurationDirectory = Path.Combine(projectDirectory, "bin", configuration);
        var dll = System.IO.Directory.Exists(configurationDirectory)
            ? System.IO.Directory.EnumerateDirectories(configurationDirectory)
                .Select(directory => new FileInfo(Path.Combine(directory, name + ".dll")))
                .Where(file => file.Exists && File.Exists(Path.ChangeExtension(file.FullName, ".runtimeconfig.json")))
                .OrderByDescending(file => file.LastWriteTimeUtc)
                .FirstOrDefault()
            : null;
        if (dll is null)
        {
            throw new InvalidOperationException(
                $"Project resource '{resourceName}' is launched as its built program, but no {name}.dll with a runtimeconfig.json was found under " +
                $"{Path.Combine(configurationDirectory, "<target framework>")}. Build it first: dotnet build \"{projectPath}\" -c {configuration} " +
                "(`dotnet run` of the AppHost builds it), or remove WithDirectLaunch() to start it through `dotnet run`.");
        }

        var launcher = Path.Combine(dll.DirectoryName!, name);
        return File.Exists(launcher) && IsExecutable(launcher)
            ? new BuiltProgram(launcher, [], dll.DirectoryName!)
            : new BuiltProgram("dotnet", ["exec", dll.FullName], dll.DirectoryName!);
    }

    /// <summary>The build configuration (<c>Debug</c>, <c>Release</c>) <paramref name="assembly"/> was built in; <c>Debug</c> when it does not say.</summary>
    public static string ConfigurationOf(Assembly assembly)
        => assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration ? configuration : "Debug";

    private static bool IsExecutable(string path)
        => OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
