namespace TradingAspire.Hosting;

/// <summary>
/// Decides whether an app's packages must be installed before it starts: when <c>node_modules</c> is missing, or is
/// older than <c>package-lock.json</c>. npm writes <c>node_modules/.package-lock.json</c> when an install completes,
/// so with a lock file that marker's time is compared, and a <c>node_modules</c> without it (an install stopped half
/// way: <c>npm ci</c> empties the directory first) is installed again; without a lock file an existing <c>node_modules</c>
/// counts as installed.
/// </summary>
internal static class NpmInstallPolicy
{
    /// <summary>Why an install is needed, for the installer's log; null when <c>node_modules</c> is up to date.</summary>
    public static string? ReasonToInstall(string appDirectory)
    {
        var modules = Path.Combine(appDirectory, "node_modules");
        if (!Directory.Exists(modules))
        {
            return $"{modules} is missing";
        }

        var lockFile = Path.Combine(appDirectory, "package-lock.json");
        if (!File.Exists(lockFile))
        {
            return null;
        }

        var marker = Path.Combine(modules, ".package-lock.json");
        if (!File.Exists(marker))
        {
            return $"{marker} is missing: the last install did not complete";
        }

        return File.GetLastWriteTimeUtc(lockFile) > File.GetLastWriteTimeUtc(marker) ? $"{lockFile} is newer than {modules}" : null;
    }

    /// <summary>npm's install subcommand by default: <c>ci</c> with a package-lock.json, else <c>install</c>.</summary>
    public static string DefaultInstallCommand(string appDirectory)
        => File.Exists(Path.Combine(appDirectory, "package-lock.json")) ? "ci" : "install";
}
