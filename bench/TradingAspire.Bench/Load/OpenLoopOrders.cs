using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TradingAspire.Bench.Load;

/// <summary>
/// Orders offered at a fixed rate whatever the gateway's answers (open loop, as the issue's "p99 at 1,000 orders/s
/// offered"): order i is due at start + i / rate; each latency runs from its due time to its answer, so a stall
/// that delays the sending of later orders counts against them (no coordinated omission). Up to 256 requests in
/// flight over a pooled HttpClient; an order whose due time passed while 256 were in flight is sent late and its
/// latency includes the wait.
/// </summary>
internal static class OpenLoopOrders
{
    /// <summary>Runs the open loop; returns its summary line and the orders answered per second (the CPU per order divides by it).</summary>
    /// <param name="gateway">The gateway's base URL.</param>
    /// <param name="authorization">The Authorization header of every order (a service token for the gateway, as trading-api's).</param>
    /// <param name="perSecond">Orders due per second.</param>
    /// <param name="duration">How long orders are sent.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<(string Summary, double AnsweredPerSecond)> RunAsync(Uri gateway, string authorization, int perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        var latencies = new Latencies();
        var errors = 0;
        var prefix = $"open-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        await OpenLoop.RunAsync(perSecond, clock, duration, 256, async (n, due) =>
        {
            try
            {
                using var content = new StringContent(BenchOrders.Market(prefix, n), Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/api/orders", content, cancellationToken);
                latencies.Add((clock.Elapsed - due).TotalMilliseconds);
                if ((int)response.StatusCode != 201)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        }, cancellationToken);

        var elapsed = clock.Elapsed.TotalSeconds;
        return (string.Create(CultureInfo.InvariantCulture,
            $"{perSecond} orders/s offered for {duration.TotalSeconds:0} s: {latencies.Count / elapsed:0} answered/s, latency from due time p50 {latencies.Percentile(50):0.00} ms, p90 {latencies.Percentile(90):0.00} ms, p99 {latencies.Percentile(99):0.00} ms, max {latencies.Percentile(100):0.00} ms, non-201: {errors}"), latencies.Count / elapsed);
    }
}
