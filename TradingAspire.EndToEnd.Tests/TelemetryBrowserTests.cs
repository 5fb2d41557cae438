using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// A click on Buy in the trading UI (headless Chromium) is one trace in the real Aspire dashboard: the browser's
/// spans (OpenTelemetry JS web SDK, OTLP/HTTP protobuf to the dashboard, allowed by CORS) with trading-api's and the
/// gateway's below them.
/// </summary>
[Collection(WholeSystem.Name)]
public sealed class TelemetryBrowserTests(TelemetrySystem system, Chromium chromium) : PageTest(chromium)
{
    // The web SDK's batch processor sends every 5 s; the services' exporters every 1 s (Development).
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(60);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Page.GotoAsync(system.App.GetEndpoint("trading-ui").ToString());
        await Browser.LogInAsync(Page);
    }

    [Fact]
    public Task A_buy_clicked_in_the_UI_is_one_trace_from_the_browser_through_trading_api_the_gateway_and_PostgreSQL() => system.WithoutOtherOrdersAsync(async () =>
    {
        await Page.GetByTestId("ticket-symbol").SelectOptionAsync("ETHUSDT");
        await Page.GetByTestId("ticket-quantity").FillAsync("0.02");

        var post = await Page.RunAndWaitForRequestAsync(
            () => Page.GetByTestId("ticket-submit").ClickAsync(),
            r => r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/trades",
            new() { Timeout = 15_000 });
        await Assertions.Expect(Page.GetByTestId("ticket-result")).ToContainTextAsync("buy 0.02 ETHUSDT: filled", new() { Timeout = 15_000 });

        var traceparent = (await post.AllHeadersAsync()).GetValueOrDefault("traceparent")
            ?? throw new Xunit.Sdk.XunitException("POST /api/trades from the UI carries no traceparent: is browser telemetry on (OTEL_EXPORTER_OTLP_ENDPOINT given to Vite)?");
        var (traceId, browserSpanId) = TraceParent.Parse(traceparent, "POST /api/trades from the UI");

        var spans = await system.Telemetry.WaitForTraceAsync(
            traceId,
            s => TelemetryTraceAssertions.HasTradingApiAndGateway(s) && s.Any(b => b.Service == "trading-ui" && b.SpanId == browserSpanId) && s.Any(b => b is { Service: "trading-ui", Name: "submit order" }),
            "the browser's 'submit order' and fetch spans (trading-ui), trading-api's POST /api/trades and the gateway's spans",
            Arrival);

        TelemetryTraceAssertions.AssertOrderPath(spans, traceId, browserSpanId);
        var byId = spans.ToDictionary(s => s.SpanId);
        var submit = spans.Single(s => s is { Service: "trading-ui", Name: "submit order" });
        Assert.True(submit.ParentSpanId.Length == 0, $"'submit order' should be the trace's root (the click starts the trace): {submit}");
        Assert.True(TelemetryTraceAssertions.IsDescendant(byId[browserSpanId], submit, byId), $"the POST's span {browserSpanId} should be inside 'submit order':\n  {string.Join("\n  ", spans)}");
    });
}
