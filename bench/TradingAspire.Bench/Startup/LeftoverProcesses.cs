using System.Diagnostics;

namespace TradingAspire.Bench.Startup;

/// <summary>Waits for a set of processes to be gone; SIGKILLs (and returns) those still alive at the deadline.</summary>
internal static class LeftoverProcesses
{
    public static async Task<List<RunProcess>> WaitGoneAsync(IEnumerable<RunProcess> processes, TimeSpan timeout)
    {
        var set = processes.DistinctBy(p => (p.Pid, p.StartTicks)).ToList();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (ProcessTable.StillAlive(set).Count == 0)
            {
                return [];
            }

            await Task.Delay(50);
        }

        var left = ProcessTable.StillAlive(set);
        foreach (var process in left)
        {
            ProcessTable.Signal(process.Pid, ProcessTable.SIGKILL);
        }

        return left;
    }
}
