using System.Globalization;
using System.Runtime.InteropServices;

namespace TradingAspire.Hosting;

/// <summary>
/// A process and its descendants as seen at one moment (<c>/proc/*/stat</c>), each known by pid and start time so a pid
/// reused later is never signalled, and an orphan (re-parented once its parent ended) is still found.
/// </summary>
internal sealed class ProcessTree(List<(int Pid, long StartTime)> members)
{
    private const int SigKill = 9;

    /// <summary>The live process <paramref name="root"/> and all its descendants now; empty if <paramref name="root"/> is not alive.</summary>
    public static ProcessTree Of(int root)
    {
        var stats = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? (Pid: pid, Stat: Stat(pid)) : default)
            .Where(p => p.Stat is not null).ToDictionary(p => p.Pid, p => p.Stat!.Value);
        var children = stats.ToLookup(p => p.Value.ParentPid, p => p.Key);
        List<int> members = stats.ContainsKey(root) ? [root] : [];
        for (var i = 0; i < members.Count; i++)
        {
            members.AddRange(children[members[i]]); // breadth first: the root, its children, then their children...
        }

        return new ProcessTree([.. members.Select(pid => (pid, stats[pid].StartTime))]);
    }

    /// <summary>Members of the tree still running (same pid and start time, not a zombie).</summary>
    public List<int> Alive() => members.Where(m => Stat(m.Pid) is { State: not 'Z' } s && s.StartTime == m.StartTime).Select(m => m.Pid).ToList();

    /// <summary>Whether <paramref name="pid"/> is stopped (SIGSTOP, SIGTSTP) or stopped by a debugger.</summary>
    public static bool IsStopped(int pid) => Stat(pid) is { State: 'T' or 't' };

    public IReadOnlyList<int> KillAlive()
    {
        var alive = Alive();
        alive.ForEach(pid => Signal(pid, SigKill));
        return alive;
    }

    /// <summary>Sends <paramref name="signal"/> to the root if it is still the process seen; false otherwise.</summary>
    public bool SignalRoot(int signal) => members.Count > 0 && Alive().Contains(members[0].Pid) && Signal(members[0].Pid, signal);

    private static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static (int ParentPid, long StartTime, char State)? Stat(int pid)
    {
        try
        {
            // "pid (comm) state ppid ..." — comm may hold spaces and parentheses: parse after the last ')'.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture), fields[0][0]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
