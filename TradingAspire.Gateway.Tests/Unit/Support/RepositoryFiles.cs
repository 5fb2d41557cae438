namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>Files of the repository the tests run from (found by walking up to <c>TradingAspire.sln</c>).</summary>
internal static class RepositoryFiles
{
    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The migration scripts in the order the migration service applies them.</summary>
    public static IReadOnlyList<string> Migrations()
        => Directory.GetFiles(Path.Combine(Root, "db", "migrations"), "*.sql").Order(StringComparer.Ordinal).ToList();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradingAspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No TradingAspire.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
