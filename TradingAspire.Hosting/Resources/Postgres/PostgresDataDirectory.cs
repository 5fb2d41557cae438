using System.Diagnostics;
using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Resources.Postgres;

/// <summary>
/// Prepares a server's data directory before each start: <c>initdb</c> on first run (scram-sha-256, UTF8, the
/// generated password), our settings from <c>config/postgresql.conf</c>, and ownership by the <c>postgres</c> user when
/// the AppHost runs as root (PostgreSQL refuses to run as root).
/// </summary>
internal static class PostgresDataDirectory
{
    private const string SettingsFileName = "postgresql.tradingaspire.conf";

    public static bool RunsAsRoot => Environment.UserName == "root";

    public static async Task PrepareAsync(BeforeResourceStartContext context, PostgresServerResource server)
    {
        var paths = server.Paths(context.Services);
        var appPaths = (ApplicationPaths)context.Services.GetService(typeof(ApplicationPaths))!;
        Directory.CreateDirectory(paths.DataDirectory);
        Directory.CreateDirectory(paths.SocketDirectory);
        if (!File.Exists(Path.Combine(paths.DataDirectory, "PG_VERSION")))
        {
            context.ReportProgress("initdb (1/2): creating the data directory");
            await InitDbAsync(context, server, paths).ConfigureAwait(false);
            context.ReportProgress("initdb (2/2): data directory ready");
        }

        if (!paths.SocketFits(server.Endpoint.Port))
        {
            context.Logger.LogWarning(
                "No Unix socket: {SocketPath} is longer than the 107 bytes a socket path may have. The server listens on TCP only " +
                "(everything the AppHost injects uses TCP); for a socket, use a shorter AppHost:StateDirectory.", paths.SocketPath(server.Endpoint.Port));
        }

        InstallSettings(paths.DataDirectory, Path.Combine(appPaths.ConfigDirectory, "postgresql.conf"));
        if (RunsAsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", paths.DataDirectory, paths.SocketDirectory], context.CancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task InitDbAsync(BeforeResourceStartContext context, PostgresServerResource server, PostgresServerPaths paths)
    {
        var initdb = PostgresBinaries.Require("initdb");
        var passwordFile = Path.Combine(paths.SocketDirectory, "initdb.pwfile");
        // 0600 from creation; when root, the chown below hands it to the postgres user, who runs initdb.
        SecretFile.WriteOwnerOnly(passwordFile, server.Password(context.Services));
        try
        {
            string[] arguments = [initdb, "-D", paths.DataDirectory, "-U", server.UserName, $"--pwfile={passwordFile}", "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"];
            if (RunsAsRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", paths.DataDirectory, paths.SocketDirectory], context.CancellationToken).ConfigureAwait(false);
                arguments = ["-u", "postgres", "--", .. arguments];
            }

            var output = await RunAsync(RunsAsRoot ? "runuser" : initdb, RunsAsRoot ? arguments : arguments[1..], context.CancellationToken).ConfigureAwait(false);
            context.Logger.LogInformation("{InitDbOutput}", output.Trim());
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static void InstallSettings(string dataDirectory, string settingsTemplate)
    {
        var settings = File.Exists(settingsTemplate) ? File.ReadAllText(settingsTemplate) : "";
        File.WriteAllText(Path.Combine(dataDirectory, SettingsFileName), settings);
        var main = Path.Combine(dataDirectory, "postgresql.conf");
        var include = $"include_if_exists '{SettingsFileName}'";
        if (File.Exists(main) && !File.ReadAllText(main).Contains(include, StringComparison.Ordinal))
        {
            File.AppendAllText(main, $"{Environment.NewLine}# Added by TradingAspire: settings from config/postgresql.conf{Environment.NewLine}{include}{Environment.NewLine}");
        }
    }

    internal static async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not run {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments.Where(a => !a.StartsWith("--pwfile", StringComparison.Ordinal)))} failed with exit code {process.ExitCode}: {output.Trim()}");
    }
}
