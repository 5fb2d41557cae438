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
    private static readonly string[] Expected = ["postgres", "trading", "redis", "migrations", "gateway", "trading-api", "strategy", "trading-ui"];

    /// <param name="cancellationToken">Stops the benchmark and everything it started.</param>
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var parent = Path.Combine(Path.GetTempPath(), $"ta-bench-idle-{Guid.NewGuid():N}");
        var state = BenchState.CreateTemplate(parent);
        Directory.CreateDirectory(Path.Combine(state.Directory, "logs"));
        Console.WriteLine($"state and logs: {StateCleanup.Describe(parent)}");
        var run = AppHostRun.Start(BenchPaths.Dll("TradingAspire.AppHost"), state.AppHostArguments(), Expected, ["migrations"],
            Path.Combine(state.Directory, "logs", "apphost.log"));
        try
        {
            Console.WriteLine($"system up in {await run.WaitUntilUpAsync(TimeSpan.FromMinutes(5), cancellationToken):0.0} s");
            // Measurement durations, not waits for a condition: the settling time, then the window the CPU is read over.
            await Task.Delay(Settle, cancellationToken);
            var cpu = new CpuByPart(run.Snapshot, run.Pid);
            cpu.Start();
            await Task.Delay(Window, cancellationToken);
            Console.WriteLine($"idle {Window.TotalSeconds:0} s, Development profile, no browser: {cpu.Stop()}");
        }
        finally
        {
            await run.DisposeAsync();
            StateCleanup.Delete(parent);
        }
    }
}
