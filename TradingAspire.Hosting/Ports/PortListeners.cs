using System.Globalization;
using System.Net;

namespace TradingAspire.Hosting;

/// <summary>
/// Who listens on a TCP port, from <c>/proc/net/tcp{,6}</c> and the <c>socket:[inode]</c> links in <c>/proc/&lt;pid&gt;/fd</c>;
/// nothing without <c>/proc</c>. Only loopback and wildcard addresses count: those a proxy on <c>localhost</c> collides with.
/// </summary>
internal static class PortListeners
{
    public static IReadOnlyList<PortListener> On(int port)
    {
        var sockets = new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists)
            .SelectMany(table => File.ReadLines(table).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 10 && fields[3] == "0A") // LISTEN
            .Select(fields => (Local: fields[1].Split(':'), Inode: long.Parse(fields[9], CultureInfo.InvariantCulture)))
            .Where(s => int.Parse(s.Local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
            .Select(s => (Address: Address(s.Local[0]), s.Inode))
            .Where(s => s.Address is not null)
            .ToList();
        var owners = sockets.Count == 0 ? [] : OwnersOf(sockets.Select(s => s.Inode).ToHashSet());
        return sockets
            .Select(s => owners.TryGetValue(s.Inode, out var pid) ? new PortListener(s.Address!, port, pid, CommandLine(pid)) : new PortListener(s.Address!, port, 0, ""))
            .DistinctBy(l => (l.Address, l.Pid))
            .ToList();
    }

    /// <summary>The text of a loopback or wildcard address in /proc's hex form (32-bit words in host order); null for any other address.</summary>
    private static string? Address(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        var address = new IPAddress(bytes);
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return IPAddress.IsLoopback(plain) || plain.Equals(IPAddress.Any) || plain.Equals(IPAddress.IPv6Any) ? address.ToString() : null;
    }

    private static Dictionary<long, int> OwnersOf(HashSet<long> inodes)
    {
        var owners = new Dictionary<long, int>();
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                foreach (var fd in int.TryParse(Path.GetFileName(process), out var pid) ? Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")) : [])
                {
                    var target = new FileInfo(fd).LinkTarget; // "socket:[12345]" for a socket
                    if (target?.StartsWith("socket:[", StringComparison.Ordinal) == true
                        && long.TryParse(target.AsSpan(8, target.Length - 9), CultureInfo.InvariantCulture, out var inode) && inodes.Contains(inode))
                    {
                        owners.TryAdd(inode, pid);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or belongs to another user.
            }
        }

        return owners;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return text.Length > 200 ? text[..200] + "…" : text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}

/// <summary>A process listening on a TCP port; <paramref name="Pid"/> 0 and <paramref name="CommandLine"/> empty when the
/// owner cannot be seen (another user's process without root).</summary>
internal sealed record PortListener(string Address, int Port, int Pid, string CommandLine)
{
    public string Owner => Pid > 0 ? $"pid {Pid} ({CommandLine})" : "a process this user cannot see";
}
