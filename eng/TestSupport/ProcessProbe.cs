using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Xunit;

namespace TradingAspire.TestSupport;

/// <summary>(Linked into the test projects that need it.) Processes seen from /proc: the pid Aspire shows, liveness, command lines, the owner of a listening port, kill -9.</summary>
internal static class ProcessProbe
{
    /// <summary>The <c>executable.pid</c> property of a resource snapshot (the pid the dashboard and <c>aspire describe</c> show); 0 when absent.</summary>
    public static int Pid(ResourceEvent e)
        => e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : 0;

    /// <summary>The <c>restart.count</c> property (automatic restarts by the restart policy); null before the first.</summary>
    public static int? RestartCount(ResourceEvent e)
        => e.Snapshot.Properties.FirstOrDefault(p => p.Name == "restart.count")?.Value is { } value ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : null;

    /// <summary>Whether <paramref name="pid"/> is a live process (not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            return pid > 0 && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The command line of <paramref name="pid"/>, arguments separated by spaces; empty when it is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').TrimEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The live child processes of <paramref name="pid"/> (from /proc/{pid}/task/*/children); empty when it is gone.</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        try
        {
            return Directory.EnumerateDirectories($"/proc/{pid}/task")
                .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(child => int.Parse(child, CultureInfo.InvariantCulture))
                .Where(IsAlive)
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>The pid of the process holding a TCP socket listening on <paramref name="port"/> (IPv4 or IPv6), or 0.</summary>
    public static int ListenerPid(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && fields[3] == "0A") // 0A: LISTEN
                {
                    inodes.Add($"socket:[{fields[9]}]");
                }
            }
        }

        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")).Any(fd => new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)))
                {
                    return int.Parse(Path.GetFileName(process), CultureInfo.InvariantCulture);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile
            }
        }

        return 0;
    }

    /// <summary>Sends SIGKILL to <paramref name="pid"/> (as <c>kill -9</c>, or the out-of-memory killer).</summary>
    public static void Kill9(int pid)
    {
        Assert.True(pid > 0, "no pid to kill");
        using var kill = Process.Start("kill", ["-9", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
