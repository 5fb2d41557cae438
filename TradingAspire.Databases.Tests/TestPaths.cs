namespace TradingAspire.Databases.Tests;

/// <summary>Repository locations found from the test assembly's directory.</summary>
internal static class TestPaths
{
    public static string Root { get; } = FindRoot();

    public static string AppHostDirectory => Path.Combine(Root, "TradingAspire.AppHost");

    public static string Migrations => Path.Combine(Root, "db", "migrations");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradingAspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TradingAspire.sln not found.");
    }
}
