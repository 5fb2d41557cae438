using TradingAspire.Bench.Load;
using TradingAspire.Bench.Startup;

namespace TradingAspire.Bench.Idle;

/// <summary>
/// The CPU the whole system uses while nothing happens: TradingAspire.AppHost in the Development profile (dashboard on,
/// the strategy running and trading, no browser, no other client), measured by part (<see cref="CpuByPart"/>) over
/// <see cref="Window"/> after <see cref="Settle"/> (start-up work such as the JIT and the first health checks done).
/// The idle trace and log rates are measured by the test <c>IdleTelemetryTests</c> (docs/performance.md).
/// </summary>
internal static class IdleBenchmark
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <param name="cancellationToken">Stops the benchmark and everything it started.</param>
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var system = await AppHostSystem.StartAsync("idle", "Development", TimeSpan.FromMinutes(5), cancellationToken);
        // Measurement durations, not waits for a condition: the settling time, then the window the CPU is read over.
        await Task.Delay(Settle, cancellationToken);
        var cpu = new CpuByPart(system.Run.Snapshot, system.Run.Pid);
        cpu.Start();
        await Task.Delay(Window, cancellationToken);
        Console.WriteLine($"idle {Window.TotalSeconds:0} s, Development profile, no browser: {cpu.Stop()}");
    }
}
