using System.Security.Cryptography;
using System.Text;

namespace TradingAspire.Hosting;

/// <summary>
/// As root, PostgreSQL runs as the <c>postgres</c> user, which cannot enter e.g. root's home (0700). Before any process
/// starts: when that user cannot reach an empty data directory, the data goes under <see cref="PlacementRoot"/> and the
/// configured path becomes a symbolic link to it; when data already sits there, start-up stops naming the fixes.
/// </summary>
internal static class PostgresDataPlacement
{
    /// <summary>Where data is placed when the configured directory is out of the postgres user's reach.</summary>
    internal static string PlacementRoot { get; set; } = "/var/lib/postgresql/tradingaspire";

    /// <summary>Sets <see cref="PostgresExecutableResource.DataDirectory"/> to where PostgreSQL can reach it.</summary>
    /// <exception cref="DistributedApplicationException">Data exists where the postgres user cannot reach it, or no placement is possible.</exception>
    public static async Task PlaceAsync(PostgresExecutableResource server, HostPlatform platform, ILogger logger, CancellationToken cancellationToken)
    {
        if (!platform.IsRoot)
        {
            return;
        }

        var configured = server.DataDirectory;
        var target = Directory.Exists(configured) && new DirectoryInfo(configured).ResolveLinkTarget(returnFinalTarget: true) is { } link ? link.FullName : configured;
        var blocked = await FirstUnreachableAsync(Path.GetDirectoryName(Path.GetFullPath(target))!, platform, cancellationToken).ConfigureAwait(false);
        if (blocked is null)
        {
            server.Annotations.Add(new DataDirectoryAnnotation(target));
            return;
        }

        var fix = $"Fix: chmod o+x {blocked} (lets other users pass through it, not list it), or set TradingAspire:StateDirectory to a directory " +
                  "the postgres user can reach (e.g. --TradingAspire:StateDirectory=/var/lib/tradingaspire).";
        if (Directory.Exists(configured) && Directory.EnumerateFileSystemEntries(configured).Any())
        {
            throw new DistributedApplicationException(
                $"PostgreSQL's data directory {configured} holds data, but the postgres user (PostgreSQL runs as it when the AppHost is root) cannot enter {blocked}. {fix}");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(configured))))[..12];
        var placed = Path.Combine(PlacementRoot, $"{server.Name}-{hash}");
        var holder = Path.GetDirectoryName(PlacementRoot)!;
        if (await FirstUnreachableAsync(holder, platform, cancellationToken).ConfigureAwait(false) is not null || !Directory.Exists(holder))
        {
            throw new DistributedApplicationException(
                $"The postgres user (PostgreSQL runs as it when the AppHost is root) cannot enter {blocked}, which holds PostgreSQL's data directory {configured}, " +
                $"and {holder} is not there to hold it instead. {fix}");
        }

        Directory.CreateDirectory(placed);
        await ChildProcess.RunCheckedAsync("chown", ["postgres:postgres", PlacementRoot, placed], cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(configured))
        {
            Directory.Delete(configured); // empty (checked above)
        }

        Directory.CreateDirectory(Path.GetDirectoryName(configured)!);
        Directory.CreateSymbolicLink(configured, placed);
        server.Annotations.Add(new DataDirectoryAnnotation(placed));
        logger.LogInformation(
            "The postgres user cannot enter {Blocked}: PostgreSQL's data of '{Name}' is placed in {Placed}, and {Configured} links to it (docs/operations.md).",
            blocked, server.Name, placed, configured);
    }

    /// <summary>The first directory from the root down to <paramref name="directory"/> the postgres user cannot enter, or null.</summary>
    private static async Task<string?> FirstUnreachableAsync(string directory, HostPlatform platform, CancellationToken cancellationToken)
    {
        var chain = new List<string>();
        for (var d = new DirectoryInfo(directory); d is not null; d = d.Parent)
        {
            if (d.Exists)
            {
                chain.Insert(0, d.FullName);
            }
        }

        var (command, leading) = platform.RunAs("/bin/sh", "postgres");
        var result = await ChildProcess.RunAsync(command,
            [.. leading, "-c", "for d; do cd -- \"$d\" 2>/dev/null || { printf '%s' \"$d\"; exit 3; }; done", "sh", .. chain], cancellationToken).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => null,
            3 => result.StandardOutput, // the first directory cd could not enter
            _ => throw new InvalidOperationException($"Checking the postgres user's access to {directory} failed: {command} exited with code {result.ExitCode}: " +
                $"{result.StandardError.Trim()} {result.StandardOutput.Trim()}. Check that '{command} {string.Join(' ', leading)} /bin/sh -c true' " +
                "succeeds as root: the AppHost runs PostgreSQL as the postgres user this way (docs/operations.md)."),
        };
    }
}
