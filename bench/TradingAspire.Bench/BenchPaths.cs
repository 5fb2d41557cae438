namespace TradingAspire.Bench;

/// <summary>Where the repository and the built projects this benchmark starts are.</summary>
internal static class BenchPaths
{
    /// <summary>The build configuration of this program (Debug or Release); the projects it starts are taken from the same.</summary>
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    /// <summary>The repository root: the first ancestor of this program's directory holding TradingAspire.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built dll of <paramref name="project"/> (a path relative to the root, e.g. bench/TradingAspire.Bench.StockAppHost).</summary>
    public static string Dll(string project)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", Path.GetFileName(project) + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing. Build first: dotnet build bench/TradingAspire.Bench -c {Configuration}");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradingAspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"TradingAspire.sln not found above {AppContext.BaseDirectory}.");
    }
}
