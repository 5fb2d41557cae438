namespace TradingAspire.Bench.Startup;

/// <summary>
/// The whole system as TradingAspire.AppHost runs it (<see cref="AppHostRun"/>), on a fresh state of its own under a
/// temporary directory (<see cref="BenchState.CreateTemplate"/>: initdb and the migrations run at start), every
/// resource up: what the load, soak and idle benchmarks measure. Disposing stops the AppHost and everything it
/// started, then deletes the directory (<see cref="StateCleanup"/>: BENCH_KEEP_STATE=1 keeps it).
/// </summary>
/// <param name="directory">The run's temporary directory.</param>
/// <param name="state">The state the AppHost runs on.</param>
/// <param name="run">The AppHost process.</param>
internal sealed class AppHostSystem(string directory, BenchState state, AppHostRun run) : IAsyncDisposable
{
    private static readonly string[] Resources = ["postgres", "trading", "redis", "migrations", "gateway", "trading-api", "strategy", "trading-ui"];

    /// <summary>The run's temporary directory (the state, its logs, and room for a benchmark's own files).</summary>
    public string Directory => directory;

    /// <summary>The state the AppHost runs on, and its passwords and keys.</summary>
    public BenchState State => state;

    /// <summary>The AppHost process, its resources' URLs and its process tree.</summary>
    public AppHostRun Run => run;

    /// <summary>
    /// Starts the AppHost in <paramref name="environment"/> (its launch profile "http" for Development, "production"
    /// for Production) under a new directory named after <paramref name="benchmark"/>; returns once every resource
    /// runs (migrations finished). Prints where the state and logs are and how long the start took.
    /// </summary>
    /// <exception cref="TimeoutException">Not every resource ran within <paramref name="upWithin"/>.</exception>
    /// <exception cref="InvalidOperationException">A resource failed, or the AppHost exited, before every resource was up.</exception>
    /// <remarks>On any exception the AppHost and what it started are stopped and the directory deleted before it propagates.</remarks>
    public static async Task<AppHostSystem> StartAsync(string benchmark, string environment, TimeSpan upWithin, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ta-bench-{benchmark}-{Guid.NewGuid():N}");
        var state = BenchState.CreateTemplate(directory);
        System.IO.Directory.CreateDirectory(Path.Combine(state.Directory, "logs"));
        Console.WriteLine($"state and logs: {StateCleanup.Describe(directory)}");
        var run = AppHostRun.Start(BenchPaths.Dll("TradingAspire.AppHost"), state.AppHostArguments(), Resources, ["migrations"],
            Path.Combine(state.Directory, "logs", "apphost.log"), environment);
        var system = new AppHostSystem(directory, state, run);
        try
        {
            Console.WriteLine($"system up in {await run.WaitUntilUpAsync(upWithin, cancellationToken):0.0} s (cold: initdb, migrations)");
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Run.DisposeAsync();
        StateCleanup.Delete(Directory);
    }
}
