using TradingAspire.Hosting.Cli;

namespace TradingAspire.Hosting.Resources.Postgres;

/// <summary>Finds the PostgreSQL programs (newest <c>/usr/lib/postgresql/*/bin</c>, else <c>pg_config --bindir</c>).</summary>
internal static class PostgresBinaries
{
    public const string InstallHint = "Install PostgreSQL with: sudo apt-get install -y postgresql (or run ./eng/install-prerequisites.sh).";

    public static string? BinDirectory { get; } = PrerequisiteCatalog.FindPostgresBinDirectory();

    /// <summary>The full path of a PostgreSQL program, or an exception saying what to install.</summary>
    public static string Require(string program)
    {
        var path = BinDirectory is null ? null : Path.Combine(BinDirectory, program);
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"PostgreSQL program '{program}' was not found in /usr/lib/postgresql/*/bin or pg_config --bindir. {InstallHint}");
    }
}
