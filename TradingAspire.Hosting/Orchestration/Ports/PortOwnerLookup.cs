using System.Globalization;

namespace TradingAspire.Hosting.Orchestration.Ports;

/// <summary>Finds which process listens on a TCP port, from <c>/proc/net/tcp*</c> and <c>/proc/*/fd</c>.</summary>
public static class PortOwnerLookup
{
    /// <summary>The pid and command name of the listener, or null when it cannot be found (e.g. another user's process without root).</summary>
    public static (int Pid, string Command)? FindListener(int port)
    {
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // fields[1] = local address "HEX_IP:HEX_PORT", fields[3] = state (0A = LISTEN), fields[9] = inode
                if (fields.Length > 9 && fields[3] == "0A"
                    && int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    inodes.Add($"socket:[{fields[9]}]");
                }
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var processDirectory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(processDirectory), out var pid))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(processDirectory, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        return (pid, File.ReadAllText(Path.Combine(processDirectory, "comm")).Trim());
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process exited or is not ours to inspect.
            }
        }

        return null;
    }
}
