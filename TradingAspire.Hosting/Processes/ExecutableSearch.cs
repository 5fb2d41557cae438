namespace TradingAspire.Hosting;

/// <summary>Finds an executable as the process launcher would: an absolute path as is, else the first match on PATH.</summary>
internal static class ExecutableSearch
{
    /// <summary>The absolute path of <paramref name="command"/>, or null when no such executable file exists.</summary>
    public static string? Find(string command, string? pathVariable = null)
    {
        if (Path.IsPathRooted(command))
        {
            return File.Exists(command) ? command : null;
        }

        var directories = (pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, command);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0))
            {
                return candidate;
            }
        }

        return null;
    }
}
