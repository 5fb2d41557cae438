namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// One order is one trace in the real Aspire dashboard: a trade posted with a known W3C <c>traceparent</c> is read back
/// from the running dashboard's telemetry HTTP API with spans from trading-api (Python, OTLP/HTTP protobuf) and the
/// gateway (C#, ServiceDefaults), linked parent to child; its structured logs carry the trace; the dashboard accepts
/// browser OTLP from the trading UI's origin (CORS).
/// </summary>
[Collection(WholeSystem.Name)]
[Trait("Category", "Integration")]
public sealed class TelemetryTraceTests(TelemetrySystem system)
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(60);

    [Fact]
    public Task A_trade_with_a_known_traceparent_is_one_trace_through_trading_api_the_gateway_and_PostgreSQL() => system.WithoutOtherOrdersAsync(async () =>
    {
        var (traceId, callerSpanId) = await PostTradeAsync();

        var spans = await system.Telemetry.WaitForTraceAsync(traceId, TelemetryTraceAssertions.HasTradingApiAndGateway,
            "trading-api's POST /api/trades, the gateway's request and order.submit, and a PostgreSQL statement", Arrival);

        TelemetryTraceAssertions.AssertOrderPath(spans, traceId, callerSpanId);
    });

    /// <summary>
    /// An order the gateway refuses (its notional, 100 BTC, is above the 1,000,000 limit) is logged by trading-api at
    /// INFO ("order refused by the gateway"); placed orders are logged at DEBUG only (one INFO line per order cost
    /// about a tenth of the trade rate, docs/performance.md).
    /// </summary>
    [Fact]
    public async Task Trading_apis_log_record_of_a_refused_order_is_in_the_dashboard_with_the_trace_id()
    {
        var (traceId, _) = await PostTradeAsync(quantity: 100, expected: HttpStatusCode.UnprocessableEntity);
        var spans = await system.Telemetry.WaitForTraceAsync(traceId, s => TelemetryTraceAssertions.TradingApiServer(s) is not null, "trading-api's POST /api/trades", Arrival);

        IReadOnlyList<(string Message, string SpanId, string Category)> records = [];
        await Poll.UntilAsync(
            async () => (records = await system.Telemetry.LogsAsync("trading-api", traceId)).Any(r => r.Message == "order refused by the gateway"),
            () => $"trading-api's 'order refused by the gateway' log record in trace {traceId} (structured logs): got [{string.Join("; ", records)}]",
            Arrival);

        var refused = records.First(r => r.Message == "order refused by the gateway");
        Assert.Contains(spans, s => s.Service == "trading-api" && s.SpanId == refused.SpanId);
    }

    [Fact]
    public async Task The_dashboard_accepts_browser_OTLP_from_the_trading_UIs_origin_only()
    {
        var origin = system.App.GetEndpoint("trading-ui").GetLeftPart(UriPartial.Authority);
        var otlpHttp = system.App.GetEndpoint(TelemetrySystem.Dashboard, "otlp-http");
        using var http = new HttpClient();

        using var allowed = await http.SendAsync(Preflight(otlpHttp, origin));
        using var other = await http.SendAsync(Preflight(otlpHttp, "http://localhost:1"));

        Assert.True(allowed.IsSuccessStatusCode, $"preflight from {origin}: {(int)allowed.StatusCode}");
        Assert.Equal(origin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        var headers = string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-otlp-api-key", headers);
        Assert.Contains("content-type", headers);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"), "an origin that is no resource of the system must not be allowed");
    }

    /// <summary>Posts a market buy (SOLUSDT; BTCUSDT above 1, to break the notional limit) with a new trace id; returns (trace id, the caller's span id sent as parent).</summary>
    private async Task<(string TraceId, string CallerSpanId)> PostTradeAsync(decimal quantity = 0.01m, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var (traceId, callerSpanId) = TraceParent.New();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/trades")
        {
            Content = JsonContent.Create(new { symbol = quantity > 1 ? "BTCUSDT" : "SOLUSDT", side = "buy", quantity, client_order_id = $"telemetry-{Guid.NewGuid():N}" }),
            Headers = { { "traceparent", new TraceParent(traceId, callerSpanId).ToString() } },
        };

        using var response = await system.Api.SendAsync(request);

        Assert.True(response.StatusCode == expected, $"POST /api/trades: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.StartsWith($"00-{traceId}-", Assert.Single(response.Headers.GetValues("traceparent")));
        return (traceId, callerSpanId);
    }

    private static HttpRequestMessage Preflight(Uri otlpHttp, string origin) => new(HttpMethod.Options, new Uri(otlpHttp, "/v1/traces"))
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "POST" },
            { "Access-Control-Request-Headers", "content-type,x-otlp-api-key" },
        },
    };
}
