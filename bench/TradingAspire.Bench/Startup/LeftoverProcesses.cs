using System.Diagnostics;

namespace TradingAspire.Bench.Startup;

/// <summary>
/// Waits for a run's processes (those known, and any carrying the run's marker) to be gone; SIGKILLs (and returns)
/// those still alive at the deadline.
/// </summary>
internal static class LeftoverProcesses
{
    public static async Task<List<RunProcess>> WaitGoneAsync(IEnumerable<RunProcess> processes, string runId, TimeSpan timeout)
    {
        var set = processes.DistinctBy(p => (p.Pid, p.StartTicks)).ToList();
        List<RunProcess> Alive() => [.. ProcessTable.StillAlive(set).Concat(ProcessTable.Marked(runId)).DistinctBy(p => (p.Pid, p.StartTicks))];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Alive().Count == 0)
            {
                return [];
            }

            await Task.Delay(200);
        }

        var left = Alive();
        foreach (var process in left)
        {
            ProcessTable.Signal(process.Pid, ProcessTable.SIGKILL);
        }

        return left;
    }
}
