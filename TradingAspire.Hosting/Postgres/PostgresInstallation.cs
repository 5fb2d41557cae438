namespace TradingAspire.Hosting;

/// <summary>
/// Finds PostgreSQL's server binaries: <c>pg_config --bindir</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>
/// (Debian/Ubuntu) on Linux; the newest <c>%ProgramFiles%\PostgreSQL\*\bin</c> (the EDB installer's layout) on Windows.
/// </summary>
internal sealed class PostgresInstallation(HostPlatform platform, Func<string, bool> fileExists, Func<string, IEnumerable<string>> subdirectories,
    Func<string?> pgConfigBinDir, string programFiles)
{
    /// <summary>The command that installs PostgreSQL on Debian, named in every "not installed" message.</summary>
    public const string DebianInstallCommand = "apt-get install -y postgresql";

    private string? _binDirectory;

    public static PostgresInstallation Current { get; } = new(HostPlatform.Current, File.Exists,
        dir => Directory.Exists(dir) ? Directory.EnumerateDirectories(dir) : [], PgConfigBinDir,
        Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles));

    public HostPlatform Platform => platform;

    /// <summary>
    /// The directory holding <c>postgres</c>, <c>initdb</c>, <c>pg_dump</c>...; null when none is found. Kept once found
    /// (<c>pg_config</c> runs once); a search that found nothing is repeated on the next call.
    /// </summary>
    public string? FindBinDirectory() => _binDirectory ??= SearchBinDirectory();

    private string? SearchBinDirectory()
    {
        var executable = ExecutableName("postgres");
        if (pgConfigBinDir() is { Length: > 0 } fromPgConfig && fileExists(Combine(fromPgConfig, executable)))
        {
            return fromPgConfig;
        }

        var root = platform.IsWindows ? Combine(programFiles, "PostgreSQL") : "/usr/lib/postgresql";
        return subdirectories(root)
            .Select(dir => (dir, version: double.TryParse(dir.TrimEnd('\\', '/').Split('\\', '/')[^1], System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(candidate => candidate.version >= 0 && fileExists(Combine(candidate.dir, "bin", executable)))
            .OrderByDescending(candidate => candidate.version)
            .Select(candidate => Combine(candidate.dir, "bin"))
            .FirstOrDefault();
    }

    /// <summary>The full path of binary <paramref name="name"/> (e.g. "postgres"; ".exe" added on Windows); null when PostgreSQL is not found.</summary>
    public string? FindProgram(string name) => FindBinDirectory() is { } bin ? Combine(bin, ExecutableName(name)) : null;

    /// <summary>The path of binary <paramref name="name"/> (e.g. "initdb"); throws naming the install command when missing.</summary>
    public string Require(string name) => FindProgram(name) ?? throw new DistributedApplicationException(NotInstalledMessage);

    /// <summary>What is missing and the command that installs it.</summary>
    public string NotInstalledMessage => platform.IsWindows
        ? $"PostgreSQL is not installed: no {Combine(programFiles, "PostgreSQL", "<version>", "bin", "postgres.exe")}. Install it from the PostgreSQL installer (version 15 or later), or put pg_config on PATH."
        : $"PostgreSQL is not installed: no pg_config on PATH and no /usr/lib/postgresql/<version>/bin/postgres. Install it: {DebianInstallCommand}";

    private string ExecutableName(string name) => platform.IsWindows ? name + ".exe" : name;

    // Paths in the platform's own form, so a faked Windows platform yields C:\Program Files\PostgreSQL\16\bin on any host.
    private string Combine(params string[] parts) => platform.IsWindows
        ? string.Join('\\', parts.Select((part, i) => i == 0 ? part.TrimEnd('\\', '/') : part.Trim('\\', '/')))
        : Path.Combine(parts);

    private static string? PgConfigBinDir()
    {
        try
        {
            // Model building is synchronous; this runs once per installation (the result is kept).
            var result = ChildProcess.RunAsync("pg_config", ["--bindir"], CancellationToken.None).GetAwaiter().GetResult();
            return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // pg_config is not on PATH
        }
    }
}
