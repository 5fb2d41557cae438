using System.Diagnostics;
using System.Globalization;
using TradingAspire.Bench.Load;
using TradingAspire.Bench.Startup;

using TradingAspire.TestSupport;

namespace TradingAspire.Bench.Ticks;

/// <summary>
/// Tick fan-out of the gateway's WebSocket <c>/ws/market</c> (target: 100 clients at 1,000 ticks/s, p99 tick-to-client
/// ≤ 10 ms), in one run. The gateway runs bare (<see cref="BareSystem.StartGatewayAsync"/>: PostgreSQL ∥ Redis →
/// migrations → gateway, no Aspire, no OTLP export) with 10 symbols (the 3 defaults and 7 added) ticking every 10 ms;
/// the clients are <see cref="TickClient"/>s in this process, every symbol each. Per phase, first 1 client (the floor:
/// the same path without fan-out), then 100: warm-up, then a window of ticks by their own timestamp. Measured over the
/// ticks created in the window: latency = receipt time − the tick's timestamp (both UTC from the same machine's clock,
/// 100 ns resolution) of every delivery, p50/p95/p99/max; deliveries/s; ticks/s produced (distinct ticks any client
/// received); drops (ticks some client did not get); CPU seconds used by the gateway (/proc/pid/stat) and by this process.
/// </summary>
internal static class TickFanOutBenchmark
{
    private const int TickIntervalMilliseconds = 10;
    private const int Clients = 100;
    private static readonly string[] Defaults = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
    private static readonly string[] Added = ["ADAUSDT", "XRPUSDT", "DOGEUSDT", "AVAXUSDT", "DOTUSDT", "LINKUSDT", "LTCUSDT"];
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var parent = Path.Combine(Path.GetTempPath(), $"ta-bench-ticks-{Guid.NewGuid():N}");
        Console.WriteLine($"state and logs: {StateCleanup.Describe(parent)}");
        string[] symbols = [.. Defaults, .. Added];
        var environment = new Dictionary<string, string> { ["Gateway__TickIntervalMilliseconds"] = $"{TickIntervalMilliseconds}" };
        foreach (var symbol in Added)
        {
            environment[$"Gateway__Symbols__{symbol}__StartPrice"] = "100";
        }

        var clients = new List<TickClient>();
        BareSystem? bare = null;
        try
        {
            var state = await BenchState.CreateInitializedAsync(parent, cancellationToken);
            bare = new BareSystem(BenchPaths.Root, state, environment);
            var clock = Stopwatch.StartNew();
            var (gateway, pid) = await bare.StartGatewayAsync(cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"gateway ({BenchPaths.Configuration} build, pid {pid}) up in {clock.Elapsed.TotalSeconds:0.0} s with PostgreSQL, Redis and migrations, no Aspire; " +
                $"{symbols.Length} symbols every {TickIntervalMilliseconds} ms = {symbols.Length * 1000 / TickIntervalMilliseconds} ticks/s configured"));
            var market = new UriBuilder(gateway) { Scheme = "ws", Path = "/ws/market" }.Uri;
            var authorization = $"Bearer {AccessTokens.Issue(state.SigningKey, "gateway", ["read"], subject: "bench")}";  // a read token for the stream, as the UI's

            clients.Add(await TickClient.ConnectAsync(market, symbols, authorization, cancellationToken));
            var one = await MeasureAsync(clients, symbols, pid, cancellationToken);
            while (clients.Count < Clients)
            {
                clients.Add(await TickClient.ConnectAsync(market, symbols, authorization, cancellationToken));
            }

            var hundred = await MeasureAsync(clients, symbols, pid, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Clients} vs 1 client: p50 ×{hundred.Latencies.Percentile(50) / one.Latencies.Percentile(50):0.0}, p99 ×{hundred.Latencies.Percentile(99) / one.Latencies.Percentile(99):0.0}; " +
                $"target p99 ≤ 10 ms with {Clients} clients at 1,000 ticks/s: {(hundred.Latencies.Percentile(99) <= 10 && hundred.Dropped == 0 ? "met" : "missed")}"));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
            if (bare is not null)
            {
                await bare.StopAsync();
            }

            StateCleanup.Delete(parent);
        }
    }

    private sealed record Phase(Latencies Latencies, long Dropped);

    private static async Task<Phase> MeasureAsync(List<TickClient> clients, string[] symbols, int gatewayPid, CancellationToken cancellationToken)
    {
        await Task.Delay(WarmUp, cancellationToken);
        // The window opens a little later than every client is told about it, so no client misses its first ticks.
        var start = DateTime.UtcNow + TimeSpan.FromMilliseconds(500);
        var end = start + Window;
        var expected = (int)(symbols.Length * Window.TotalMilliseconds / TickIntervalMilliseconds * 1.1);
        foreach (var client in clients)
        {
            client.Measure(start, end, expected);
        }

        GC.Collect();
        await Task.Delay(start - DateTime.UtcNow, cancellationToken);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var self = Process.GetCurrentProcess();
        var (gatewayCpu, selfCpu, gen0, gen2) = (ProcessTable.CpuSeconds(gatewayPid), self.TotalProcessorTime, GC.CollectionCount(0), GC.CollectionCount(2));
        await Task.Delay(end - DateTime.UtcNow, cancellationToken);
        self.Refresh();
        (gatewayCpu, selfCpu, gen0, gen2) = (ProcessTable.CpuSeconds(gatewayPid) - gatewayCpu, self.TotalProcessorTime - selfCpu, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
        var loadAfter = File.ReadAllText("/proc/loadavg").Split(' ')[0];

        // Ticks arrive in order on each connection: once a client has a tick from after the window, it has had every
        // tick of the window it is going to get.
        var drained = DateTime.UtcNow + Drain;
        while (clients.Any(c => c.LastTimestamp < end.Ticks) && DateTime.UtcNow < drained)
        {
            await Task.Delay(20, cancellationToken);
        }

        var late = clients.Count(c => c.LastTimestamp < end.Ticks);
        var recorded = clients.Select(c => c.Recorded()).ToList();
        var produced = recorded.SelectMany(r => r).Select(d => (d.Symbol, d.Timestamp)).ToHashSet();
        var deliveries = recorded.Sum(r => r.Count);
        var dropped = (long)produced.Count * clients.Count - deliveries;
        var latencies = new Latencies();
        latencies.AddRange(recorded.SelectMany(r => r).Select(d => (d.Received - d.Timestamp) / (double)TimeSpan.TicksPerMillisecond));
        var seconds = Window.TotalSeconds;
        var name = clients.Count == 1 ? "1 client" : $"{clients.Count} clients";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"/ws/market, {name}, {seconds:0} s: {produced.Count / seconds:0} ticks/s produced, {deliveries / seconds:0} deliveries/s, {latencies.Summary()}, " +
            $"min {recorded.SelectMany(r => r).Select(d => (d.Received - d.Timestamp) / (double)TimeSpan.TicksPerMillisecond).DefaultIfEmpty(double.NaN).Min():0.00} ms; " +
            $"dropped {dropped} of {(long)produced.Count * clients.Count} ({100.0 * dropped / Math.Max(1, (long)produced.Count * clients.Count):0.000} %)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  CPU in the window: gateway {gatewayCpu:0.0} s ({100 * gatewayCpu / seconds:0} % of one core), benchmark clients {selfCpu.TotalSeconds:0.0} s ({100 * selfCpu.TotalSeconds / seconds:0} %), " +
            $"of {Environment.ProcessorCount} cores; client GCs gen0 {gen0}, gen2 {gen2}; load average {load} → {loadAfter}"));
        var symbolsSeen = produced.Select(p => p.Symbol).Distinct().Count();
        if (symbolsSeen != symbols.Length || late > 0 || clients.Sum(c => c.Unexpected) > 0)
        {
            Console.WriteLine($"  odd: {symbolsSeen} of {symbols.Length} symbols seen, {late} client(s) without a tick after the window {Drain.TotalSeconds:0} s after it ended, " +
                $"{clients.Sum(c => c.Unexpected)} unexpected message(s)");
        }

        return new Phase(latencies, dropped);
    }
}
