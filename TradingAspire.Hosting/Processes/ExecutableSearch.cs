namespace TradingAspire.Hosting;

/// <summary>Finds an executable as the process launcher would: an absolute path itself, else the first match on PATH; either an executable file.</summary>
internal static class ExecutableSearch
{
    /// <summary>The absolute path of <paramref name="command"/> (a path, or a name looked up on PATH), or null when no such executable file exists.</summary>
    public static string? Find(string command)
        => (Path.IsPathRooted(command) ? new[] { command } : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, command)))
            .FirstOrDefault(path => File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0));
}
