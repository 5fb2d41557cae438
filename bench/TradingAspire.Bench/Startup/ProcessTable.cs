using System.Globalization;

namespace TradingAspire.Bench.Startup;

/// <summary>Reads /proc: a process tree with each process's memory, whether processes are still alive, and signals.</summary>
internal static class ProcessTable
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGINT = 2;

    /// <summary>
    /// <paramref name="rootPid"/> and every live (non-zombie) process it leads to, with memory figures: its descendants,
    /// and processes that watch one of them with <c>--monitor PID</c> (DCP detaches itself from the AppHost that
    /// started it and names it that way), with their descendants.
    /// </summary>
    public static List<RunProcess> Tree(int rootPid)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var pid in AllPids())
        {
            if (Stat(pid) is { } stat && stat.State != 'Z')
            {
                parents[pid] = [stat.ParentPid, .. MonitoredPids(pid)];
            }
        }

        var tree = new HashSet<int> { rootPid };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                if (parent.Any(tree.Contains) && tree.Add(pid))
                {
                    grew = true;
                }
            }
        }

        return tree.Select(Describe).OfType<RunProcess>().ToList();
    }

    /// <summary>
    /// The environment variable every process of a benchmark run carries (set on the AppHost or bare process; DCP and
    /// the resources inherit the AppHost's environment), so that a run's processes can be found even after they were
    /// detached from their parent.
    /// </summary>
    public const string RunMarker = "TRADINGASPIRE_BENCH_RUN";

    /// <summary>Live (non-zombie) processes whose environment has <see cref="RunMarker"/> = <paramref name="runId"/>.</summary>
    public static List<RunProcess> Marked(string runId)
    {
        var marker = $"{RunMarker}={runId}";
        var found = new List<RunProcess>();
        foreach (var pid in AllPids())
        {
            try
            {
                if (File.ReadAllText($"/proc/{pid}/environ").Split('\0').Contains(marker) && Describe(pid) is { } process && Stat(pid)?.State != 'Z')
                {
                    found.Add(process);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // exited while being read
            }
        }

        return found;
    }

    /// <summary>Those of <paramref name="processes"/> still alive (same pid, same start time, not a zombie).</summary>
    public static List<RunProcess> StillAlive(IEnumerable<RunProcess> processes)
        => processes.Where(p => Stat(p.Pid) is { } stat && stat.State != 'Z' && stat.StartTicks == p.StartTicks).ToList();

    /// <summary>
    /// CPU seconds <paramref name="pid"/> has used so far, user and system (/proc/pid/stat fields 14 and 15, in clock
    /// ticks of 1/100 s, the USER_HZ of Linux on x86 and arm64).
    /// </summary>
    public static double CpuSeconds(int pid)
    {
        var fields = StatFields(pid);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Sends <paramref name="signal"/> (kill(2); a negative pid is a process group); ignores a gone process.</summary>
    public static void Signal(int pid, int signal) => _ = Kill(pid, signal);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static IEnumerable<int> AllPids()
        => Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name is { Length: > 0 } && name.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture));

    private static RunProcess? Describe(int pid)
    {
        try
        {
            if (Stat(pid) is not { } stat)
            {
                return null;
            }

            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            long rss = 0, pss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Rss:", StringComparison.Ordinal))
                {
                    rss = Kib(line);
                }
                else if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    pss = Kib(line);
                }
            }

            return new RunProcess(pid, stat.StartTicks, commandLine, rss, pss);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // exited while being read
        }
    }

    private static IEnumerable<int> MonitoredPids(int pid)
    {
        string[] arguments;
        try
        {
            arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return arguments.Zip(arguments.Skip(1))
            .Where(pair => pair.First == "--monitor" && int.TryParse(pair.Second, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(pair => int.Parse(pair.Second, CultureInfo.InvariantCulture))
            .ToList();
    }

    private static long Kib(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>
    /// The fields of /proc/pid/stat after the command name: [0] is field 3 (state), [1] field 4 (parent pid), [11] and
    /// [12] fields 14 and 15 (utime, stime), [19] field 22 (start time). Throws IOException when the process is gone.
    /// </summary>
    private static string[] StatFields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static (char State, int ParentPid, long StartTicks)? Stat(int pid)
    {
        try
        {
            var fields = StatFields(pid);
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
