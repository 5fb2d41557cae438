namespace TradingAspire.Hosting;

/// <summary>Finds an executable as the process launcher would: an absolute path itself, else the first match on PATH; null when none is an executable file.</summary>
internal static class ExecutableSearch
{
    public static string? Find(string command)
        => (Path.IsPathRooted(command) ? new[] { command } : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, command)))
            .FirstOrDefault(path => File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0));
}
