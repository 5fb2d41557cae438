using System.Reflection;
using TradingAspire.Hosting.Configuration;

namespace TradingAspire.Hosting;

/// <summary>Where the AppHost finds its configuration and keeps state, logs and pid files.</summary>
public sealed class ApplicationPaths
{
    internal ApplicationPaths(string appHostDirectory, string repositoryRoot)
    {
        AppHostDirectory = appHostDirectory;
        RepositoryRoot = repositoryRoot;
    }

    /// <summary>The AppHost project directory.</summary>
    public string AppHostDirectory { get; }

    /// <summary>The repository root: nearest ancestor of the AppHost directory with a solution file or <c>.git</c>.</summary>
    public string RepositoryRoot { get; }

    /// <summary><c>{repo}/config</c>: appsettings.json and the server configuration templates.</summary>
    public string ConfigDirectory => Path.Combine(RepositoryRoot, "config");

    /// <summary>Root of the AppHost state, from <see cref="AppHostOptions.StateDirectory"/>.</summary>
    public string StateDirectory { get; private set; } = "";

    /// <summary>Data directories of resources live under here (<c>{state}/data/{resource}</c>).</summary>
    public string DataDirectory => Path.Combine(StateDirectory, "data");

    /// <summary>Pid files and the control file of the running AppHost.</summary>
    public string RunDirectory => Path.Combine(StateDirectory, "run");

    /// <summary>Where <c>{resource}.log</c> files go.</summary>
    public string LogDirectory { get; private set; } = "";

    /// <summary>Resolves a path relative to the AppHost directory.</summary>
    public string ResolveFromAppHost(string path) => Path.GetFullPath(Path.Combine(AppHostDirectory, path));

    internal void Apply(AppHostOptions options)
    {
        StateDirectory = Path.GetFullPath(Path.Combine(RepositoryRoot, options.StateDirectory));
        LogDirectory = Path.GetFullPath(Path.Combine(RepositoryRoot, options.LogDirectory));
    }

    internal static ApplicationPaths Discover(string? appHostDirectory)
    {
        var directory = appHostDirectory
            ?? (Assembly.GetEntryAssembly() is { } entry ? RecordedAppHostDirectory(entry) : null)
            ?? Directory.GetCurrentDirectory();
        directory = Path.GetFullPath(directory);
        return new ApplicationPaths(directory, FindRepositoryRoot(directory));
    }

    /// <summary>The AppHost project directory the build recorded in the AppHost assembly, if any.</summary>
    internal static string? RecordedAppHostDirectory(Assembly assembly)
        => assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value;

    private static string FindRepositoryRoot(string start)
    {
        for (var current = new DirectoryInfo(start); current is not null; current = current.Parent)
        {
            if (Directory.Exists(Path.Combine(current.FullName, ".git")) || File.Exists(Path.Combine(current.FullName, ".git"))
                || current.EnumerateFiles("*.sln").Any())
            {
                return current.FullName;
            }
        }

        return start;
    }
}
