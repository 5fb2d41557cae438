using System.Diagnostics;
using System.Globalization;
using TradingAspire.Bench.Startup;
using TradingAspire.TestSupport;

namespace TradingAspire.Bench.Soak;

/// <summary>
/// The system TradingAspire.AppHost starts (Development profile, dashboard on, the strategy trading, the trading UI's
/// Vite server with one tab's traffic through it: <see cref="UiClient"/>), under trades at a steady rate through
/// trading-api (<see cref="SteadyOrders"/>) for the whole duration (default 10 minutes). The memory of every part is
/// read after the warm-up (a fifth of the run, at most 60 s), every sample period and at the end
/// (<see cref="MemorySample"/>). Checks, printed with the figures: 0 errors; each service's RSS at the end within +10 %
/// of its post-warm-up value (PostgreSQL: the private memory of its processes, its shared buffer pool printed beside); the dashboard's memory bounded, i.e. its RSS in the last half of the run grew by at most
/// 10 % of its value at half time (its telemetry store is capped by count; once full, new telemetry replaces old);
/// no service restarted. Random ports (no fixed port is used).
/// </summary>
internal static class SoakBenchmark
{
    private const double MaxGrowth = 0.10;
    private static readonly string[] Expected = ["postgres", "trading", "redis", "migrations", "gateway", "trading-api", "strategy", "trading-ui"];
    private static readonly string[] Services = ["gateway", "trading-api", "postgres", "redis", "strategy", "trading-ui"];
    private static readonly string[] Shown = [.. Services, "dashboard", "apphost", "dcp"];

    /// <summary>Runs the soak; returns 0 when every check holds, 1 otherwise.</summary>
    /// <param name="duration">How long trades are sent (warm-up included).</param>
    /// <param name="perSecond">Trades per second through trading-api.</param>
    /// <param name="cancellationToken">Stops the benchmark and everything it started.</param>
    public static async Task<int> RunAsync(TimeSpan duration, double perSecond, CancellationToken cancellationToken)
    {
        var warmUp = TimeSpan.FromSeconds(Math.Min(60, duration.TotalSeconds / 5));
        var period = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 10, 5, 60));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {perSecond:0.#} trades/s through trading-api for {duration.TotalMinutes:0.##} min (warm-up {warmUp.TotalSeconds:0} s, a sample every {period.TotalSeconds:0} s), Development profile, strategy trading, one UI tab's traffic through trading-ui"));
        var parent = Path.Combine(Path.GetTempPath(), $"ta-bench-soak-{Guid.NewGuid():N}");
        var state = BenchState.CreateTemplate(parent);
        Directory.CreateDirectory(Path.Combine(state.Directory, "logs"));
        Console.WriteLine($"state and logs: {StateCleanup.Describe(parent)}");
        var run = AppHostRun.Start(BenchPaths.Dll("TradingAspire.AppHost"), state.AppHostArguments(), Expected, ["migrations"],
            Path.Combine(state.Directory, "logs", "apphost.log"));
        try
        {
            Console.WriteLine($"system up in {await run.WaitUntilUpAsync(TimeSpan.FromMinutes(5), cancellationToken):0.0} s");
            using var api = Client(run.Timeline.Url("trading-api", "http"));
            using var gateway = Client(run.Timeline.Url("gateway", "http"));
            using var ui = Client(run.Timeline.Url("trading-ui", "http"));
            var authorization = $"Bearer {await AccessTokens.LoginAsync(api, state.TraderPassword, cancellationToken: cancellationToken)}";
            var errors = new ErrorTally();
            var orders = new SteadyOrders(api, () => Volatile.Read(ref authorization), errors);
            var tab = new UiClient(ui, () => Volatile.Read(ref authorization), errors);
            await tab.LoadPageAsync(cancellationToken);
            using var stopTab = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tabRunning = tab.RunAsync(stopTab.Token);

            var clock = Stopwatch.StartNew();
            var sending = orders.RunAsync(perSecond, clock, duration, cancellationToken);
            var samples = new List<MemorySample>();
            for (var next = warmUp; next < duration; next += period)
            {
                await DelayUntilAsync(clock, next, sending, cancellationToken);
                if (sending.IsCompleted)
                {
                    break;
                }

                samples.Add(MemorySample.Take(clock.Elapsed.TotalSeconds, run.Snapshot(), run.Pid));
                var heap = await ManagedHeap.DescribeAsync(gateway, cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{samples[^1].Describe(Shown)}; gateway {samples[^1].DescribeSplit("gateway")}, {heap}; trades 201 so far {orders.Answered}, UI messages {tab.Messages}, errors {errors.Total}{(samples.Count == 1 ? " (after warm-up: the baseline)" : "")}"));
                // A new trader token each sample, as the UI renews its session (tokens live 60 min).
                Volatile.Write(ref authorization, $"Bearer {await AccessTokens.LoginAsync(api, state.TraderPassword, cancellationToken: cancellationToken)}");
            }

            await sending;
            var end = MemorySample.Take(clock.Elapsed.TotalSeconds, run.Snapshot(), run.Pid);
            await stopTab.CancelAsync();
            await tabRunning;
            samples.Add(end);
            var endHeap = await ManagedHeap.DescribeAsync(gateway, cancellationToken);
            Console.WriteLine($"{end.Describe(Shown)}; gateway {end.DescribeSplit("gateway")}, {endHeap} (the end)");
            return Report(samples, orders.Answered / clock.Elapsed.TotalSeconds, tab.Messages, errors, perSecond);
        }
        finally
        {
            await run.DisposeAsync();
            StateCleanup.Delete(parent);
        }
    }

    private static int Report(List<MemorySample> samples, double answeredPerSecond, long uiMessages, ErrorTally errors, double perSecond)
    {
        var failed = false;
        var baseline = samples[0];
        var end = samples[^1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trades: {answeredPerSecond:0.0}/s answered 201 of {perSecond:0.#}/s offered; UI tab: {uiMessages} WebSocket messages"));
        Console.WriteLine($"errors (orders, UI requests and WebSockets): {errors.Describe()}");
        failed |= errors.Total > 0;
        foreach (var part in Services)
        {
            var (before, after) = (baseline[part], end[part]);
            // PostgreSQL is a process per connection sharing one buffer pool: the sum of their RSS counts each shared page
            // once per process that touched it, and grows as backends read more of the pool (a cache of at most
            // shared_buffers, not a leak). Its check is on the processes' private memory; the pool is printed beside it.
            var checkedKiB = part == "postgres" ? (before.AnonKiB, after.AnonKiB) : (before.RssKiB, after.RssKiB);
            var growth = (double)checkedKiB.Item2 / checkedKiB.Item1 - 1;
            var restarted = part != "postgres" && after.Processes.Any(p => !before.Processes.Any(b => b.Pid == p.Pid && b.StartTicks == p.StartTicks));
            var ok = growth <= MaxGrowth && !restarted;
            failed |= !ok;
            var figure = part == "postgres"
                ? $"private (RssAnon, {after.Processes.Count} processes) {before.AnonKiB / 1024.0,7:0.0} MiB after warm-up → {after.AnonKiB / 1024.0,7:0.0} MiB at the end ({growth:+0.0%;-0.0%}; RSS summed {before.RssKiB / 1024.0:0.0} → {after.RssKiB / 1024.0:0.0} MiB; shared buffer pool in use {before.ShmemKiB / 1024.0:0.0} → {after.ShmemKiB / 1024.0:0.0} MiB of shared_buffers)"
                : $"RSS {before.RssKiB / 1024.0,7:0.0} MiB after warm-up → {after.RssKiB / 1024.0,7:0.0} MiB at the end ({growth:+0.0%;-0.0%}; PSS {before.PssKiB / 1024.0:0.0} → {after.PssKiB / 1024.0:0.0} MiB)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {part,-12} {figure}{(restarted ? "; a process of it is new: restarted" : "")}: {(ok ? "ok" : "FAILED")} (target <= +10 %)"));
        }

        var half = samples.MinBy(s => Math.Abs(s.Seconds - (baseline.Seconds + end.Seconds) / 2))!;
        var lastHalf = (double)end["dashboard"].RssKiB / half["dashboard"].RssKiB - 1;
        var bounded = lastHalf <= MaxGrowth;
        failed |= !bounded;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  dashboard    RSS {baseline["dashboard"].RssKiB / 1024.0,7:0.0} MiB after warm-up, {half["dashboard"].RssKiB / 1024.0:0.0} MiB at t {half.Seconds:0} s, {end["dashboard"].RssKiB / 1024.0:0.0} MiB at the end: last half {lastHalf:+0.0%;-0.0%}: {(bounded ? "bounded" : "STILL GROWING")} (target: last half <= +10 %)"));
        Console.WriteLine(failed ? "soak: FAILED" : "soak: every check holds");
        return failed ? 1 : 0;
    }

    /// <summary>Waits until <paramref name="clock"/> reads <paramref name="at"/>, or <paramref name="sending"/> ends (a sampling schedule, not a synchronisation).</summary>
    private static async Task DelayUntilAsync(Stopwatch clock, TimeSpan at, Task sending, CancellationToken cancellationToken)
    {
        var wait = at - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.WhenAny(Task.Delay(wait, cancellationToken), sending);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// A client that drops a pooled connection after 2 s idle. uvicorn closes an idle keep-alive connection after 5 s
    /// (its default), and a POST sent on a connection the server is closing at that moment fails with "The response
    /// ended prematurely" (a POST is not retried): .NET's default of 60 s idle met that race about once a minute.
    /// </summary>
    private static HttpClient Client(Uri baseAddress) => new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(10),
    };
}
