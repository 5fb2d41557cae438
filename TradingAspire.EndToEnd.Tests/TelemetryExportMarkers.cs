using System.Diagnostics;
using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// Waits until the dashboard holds every span and structured log record that the exporting resources recorded before
/// a moment <c>end</c> — a condition, not a fixed wait. Each exporter sends a signal's records in the order they were
/// recorded (one queue per signal, drained by one sender), so once a record of resource R made after <c>end</c> is in
/// the dashboard, every record of that signal R made before <c>end</c> is there too — except a batch retried, or sent
/// by a flush running beside the timer's send (the browser SDK; the Python exporter when its sender outlives the 3 s
/// join at exit), and a span recorded when it ends, after the marker: each of these can only undercount. The markers are made after
/// <c>end</c>, so a window that ends there does not count them:
/// <list type="bullet">
/// <item><c>trading-ui</c> (the browser's OpenTelemetry web SDK, a batch every 5 s) and <c>trading-api</c> (the
/// apps/common exporter: one thread sends spans, then logs, every second in Development): the page fetches
/// <c>GET /api/trades</c> without a token. That gives the browser's fetch span, trading-api's request span in the same
/// trace (the fetch carries <c>traceparent</c>) and its <c>security</c> record "request refused: no bearer token".</item>
/// <item><c>gateway</c> (OpenTelemetry .NET: a batch processor per signal): <c>GET /api/positions</c> without a token,
/// with a <c>traceparent</c> of ours. That gives its request span and its <c>security</c> record "request refused" (a
/// Warning) in that trace.</item>
/// <item><c>strategy</c> (the apps/common exporter): it records only crossovers that place an order, nothing a test can
/// ask for, so it is restarted. On SIGTERM it logs "strategy stopped", then its exporter sends everything still queued,
/// spans before logs, before the process exits. So that record (made after <c>end</c>) in the dashboard proves the
/// rest arrived. The strategy is healthy again before this returns, as the shared system needs.</item>
/// </list>
/// A trading-api with several uvicorn workers (the production profile) has one exporter per worker; the Development
/// profile the tests run has one.
/// </summary>
internal static class TelemetryExportMarkers
{
    /// <summary>The resources (<c>service.name</c>) whose spans and logs the markers cover.</summary>
    public static readonly IReadOnlySet<string> Resources = new HashSet<string> { "trading-ui", "trading-api", "gateway", "strategy" };

    /// <summary>
    /// Makes the markers (<paramref name="page"/>: the trading UI, logged in) and returns once all have reached the
    /// dashboard, with how long that took. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/>,
    /// naming each marker that has not arrived.
    /// </summary>
    public static async Task<TimeSpan> WaitForEverythingRecordedBeforeAsync(TelemetrySystem system, IPage page, DateTimeOffset end, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var restart = system.CommandAsync("strategy", KnownResourceCommands.RestartCommand);
        try
        {
            await WaitForMarkersAsync(system, page, end, timeout);
        }
        finally
        {
            // Also when a marker failed: the next tests of the shared system need the strategy running and healthy.
            await restart;
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync("strategy").WaitAsync(TradingSystem.Timeout);
        }

        return clock.Elapsed;
    }

    private static async Task WaitForMarkersAsync(TelemetrySystem system, IPage page, DateTimeOffset end, TimeSpan timeout)
    {
        var browserTrace = await RefusedBrowserFetchAsync(page);
        var gatewayTrace = await RefusedGatewayRequestAsync(system);

        var endNanos = (end - DateTimeOffset.UnixEpoch).Ticks * 100;
        var missing = new List<string>();
        var resources = "";
        await Poll.UntilAsync(
            async () =>
            {
                missing.Clear();
                var browser = await system.Telemetry.TraceAsync(browserTrace);
                if (!browser.Any(s => s.Service == "trading-ui"))
                {
                    missing.Add($"trading-ui: the browser's span of its GET /api/trades (trace {browserTrace})");
                    await page.EvaluateAsync(SendBrowserSpansNow);
                }

                if (!browser.Any(s => s is { Service: "trading-api", Kind: TelemetrySpan.Server }))
                {
                    missing.Add($"trading-api: its span of that GET /api/trades (trace {browserTrace})");
                }

                if ((await system.Telemetry.LogsAsync("trading-api", browserTrace)).Count == 0)
                {
                    missing.Add($"trading-api: its log record 'request refused: no bearer token' (trace {browserTrace})");
                }

                var gateway = await system.Telemetry.TraceAsync(gatewayTrace);
                if (!gateway.Any(s => s is { Service: "gateway", Kind: TelemetrySpan.Server }))
                {
                    missing.Add($"gateway: its span of GET /api/positions (trace {gatewayTrace})");
                }

                if ((await system.Telemetry.LogsAsync("gateway", gatewayTrace)).Count == 0)
                {
                    missing.Add($"gateway: its log record 'request refused' (trace {gatewayTrace})");
                }

                var strategy = await system.Telemetry.RecentLogsAsync(200, "strategy");
                if (!strategy.Any(l => l.Message == "strategy stopped" && l.UnixNanos > endNanos))
                {
                    missing.Add("strategy: its log record 'strategy stopped', sent on exit after its queued spans and logs " +
                                "(missing too when the restart killed it before its exporter had sent: see its console log)");
                }

                if (missing.Count == 0)
                {
                    return true;
                }

                resources = await system.Telemetry.ResourcesAsync();
                return false;
            },
            () => $"the dashboard did not get these records, made after the window, within {timeout.TotalSeconds:0} s:\n  "
                + string.Join("\n  ", missing) + $"\nso the telemetry those resources recorded in the window may be incomplete. Resources with telemetry: {resources}",
            timeout);
    }

    /// <summary>
    /// Asks the page's tracer provider (the one the OpenTelemetry API keeps in its global registry) to send its batch
    /// now, as the web SDK does when the page is hidden; the fetch span may end a little after the fetch returns, so
    /// this is asked again while the span is missing. Only saves waiting for the next batch (5 s): without a provider
    /// it does nothing and the marker arrives with that batch.
        /// The registry key is that of @opentelemetry/api major version 1; a failed flush is ignored (the batch timer sends).
    /// </summary>
    private const string SendBrowserSpansNow =
        "async () => { try { await globalThis[Symbol.for('opentelemetry.js.api.1')]?.trace?.getDelegate?.()?.forceFlush?.(); } catch { } }";

    /// <summary>The page's fetch of GET /api/trades without a token (401); the trace id, from trading-api's <c>traceparent</c> answer.</summary>
    private static async Task<string> RefusedBrowserFetchAsync(IPage page)
    {
        var traceparent = await page.EvaluateAsync<string?>(
            "async () => (await fetch('/api/trades', { cache: 'no-store' })).headers.get('traceparent')");
        return TraceParent.Parse(traceparent, "GET /api/trades from the page: trading-api's answer").TraceId;
    }

    /// <summary>GET /api/positions on the gateway without a token (401), in a new trace; its id.</summary>
    private static async Task<string> RefusedGatewayRequestAsync(TelemetrySystem system)
    {
        var traceParent = TraceParent.New();
        // No propagator: the traceparent sent is ours, whatever Activity this process has.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = system.App.GetEndpoint("gateway") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/positions");
        request.Headers.Add("traceparent", traceParent.ToString());
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET /api/positions without a token on the gateway: expected 401, got {(int)response.StatusCode}");
        return traceParent.TraceId;
    }
}
