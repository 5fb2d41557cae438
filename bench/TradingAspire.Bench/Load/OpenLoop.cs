using System.Diagnostics;

namespace TradingAspire.Bench.Load;

/// <summary>
/// Requests offered at a fixed rate whatever the answers (an open loop, as the order benchmarks offer orders): request
/// i is due at start + i / rate on the caller's clock and is started then, with at most a given number running; one
/// whose due time passed while that many ran starts late, and a latency measured from its due time counts the wait
/// (no coordinated omission).
/// </summary>
internal static class OpenLoop
{
    /// <summary>
    /// Starts <paramref name="send"/>(i, due) for i = 0, 1, … at <paramref name="perSecond"/> a second, counted from
    /// <paramref name="clock"/>'s reading now, while the due time is before <paramref name="until"/> on
    /// <paramref name="clock"/>; then waits for the last calls to end. <paramref name="send"/> handles its own errors
    /// (an exception from it ends the run with that exception).
    /// </summary>
    /// <param name="perSecond">Calls due per second (> 0).</param>
    /// <param name="clock">The running clock due times are read on (also the caller's, to measure latencies from the due time).</param>
    /// <param name="until">The clock reading from which no more calls are due.</param>
    /// <param name="maxInFlight">How many calls may run at once.</param>
    /// <param name="send">One request: its index and its due time on <paramref name="clock"/>.</param>
    /// <param name="cancellationToken">Stops starting calls (those running get it through <paramref name="send"/>'s own token).</param>
    public static async Task RunAsync(double perSecond, Stopwatch clock, TimeSpan until, int maxInFlight, Func<long, TimeSpan, Task> send, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        using var inFlight = new SemaphoreSlim(maxInFlight);
        var running = new List<Task>();
        var started = clock.Elapsed;
        for (long i = 0; ; i++)
        {
            var due = started + TimeSpan.FromSeconds(i / perSecond);
            if (due >= until)
            {
                break;
            }

            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);  // the schedule itself: request i is due then
            }

            await inFlight.WaitAsync(cancellationToken);
            var n = i;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await send(n, due);
                }
                finally
                {
                    inFlight.Release();
                }
            }, CancellationToken.None));
            running.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(running);
    }
}
