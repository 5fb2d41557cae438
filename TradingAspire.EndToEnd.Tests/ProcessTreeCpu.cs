using System.Globalization;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// CPU time (user + system, seconds) of a process and every process below it, read from <c>/proc</c>: with the test
/// process as the root, the whole system a test started (the in-process AppHost, DCP, the dashboard and every
/// resource). A process that exits between two readings takes its CPU time with it (the reading is a lower bound).
/// </summary>
internal static class ProcessTreeCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    /// <summary>CPU seconds used so far by <paramref name="rootPid"/> and its descendants.</summary>
    public static double Seconds(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        var cpu = new Dictionary<int, double>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ... utime stime" — fields after the command's closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                cpu[pid] = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // exited while we looked
            }
        }

        var children = parents.ToLookup(p => p.Value, p => p.Key);
        var total = 0.0;
        var pending = new Stack<int>([rootPid]);
        while (pending.TryPop(out var pid))
        {
            total += cpu.GetValueOrDefault(pid);
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }

        return total;
    }
}
