namespace TradingAspire.EndToEnd.Tests;

/// <summary>What one order's trace must hold, whoever started it (a test client or the browser).</summary>
internal static class TelemetryTraceAssertions
{
    /// <summary>trading-api's server span for the order, once it is in <paramref name="spans"/>.</summary>
    public static TelemetrySpan? TradingApiServer(IReadOnlyList<TelemetrySpan> spans)
        => spans.FirstOrDefault(s => s is { Service: "trading-api", Kind: TelemetrySpan.Server, Name: "POST /api/trades" });

    /// <summary>True once trading-api's request span and the gateway's request and order spans have all arrived.</summary>
    public static bool HasTradingApiAndGateway(IReadOnlyList<TelemetrySpan> spans)
        => TradingApiServer(spans) is not null
           && spans.Any(s => s is { Service: "gateway", Kind: TelemetrySpan.Server })
           && spans.Any(s => s is { Service: "gateway", Name: "order.submit" })
           && spans.Any(IsPostgresStatement);

    /// <summary>A PostgreSQL statement span (Npgsql's instrumentation in the gateway).</summary>
    public static bool IsPostgresStatement(TelemetrySpan span)
        => span.Service == "gateway" && span.Kind == TelemetrySpan.Client
           && (span.Scope == "Npgsql" || (span.Attributes.TryGetValue("db.system", out var system) && system == "postgresql")
               || (span.Attributes.TryGetValue("db.system.name", out var name) && name == "postgresql"));

    /// <summary>
    /// Asserts the order's path trading-api → gateway in one trace: every span has <paramref name="traceId"/>, span ids
    /// are unique, trading-api's request span is the child of <paramref name="callerSpanId"/> (the traceparent the
    /// caller sent), trading-api's call to the gateway is its child, the gateway's request span is the child of that
    /// call, and the gateway's <c>order.submit</c> is the child of its request span. Returns trading-api's request span.
    /// </summary>
    public static TelemetrySpan AssertOrderPath(IReadOnlyList<TelemetrySpan> spans, string traceId, string callerSpanId)
    {
        var listing = string.Join("\n  ", spans);
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
        Assert.True(spans.Select(s => s.SpanId).Distinct().Count() == spans.Count, $"duplicate span ids:\n  {listing}");
        var byId = spans.ToDictionary(s => s.SpanId);

        var apiServer = TradingApiServer(spans)!;
        Assert.True(apiServer.ParentSpanId == callerSpanId, $"trading-api's request span should continue the caller's span {callerSpanId}:\n  {listing}");

        var gatewayServer = spans.Single(s => s is { Service: "gateway", Kind: TelemetrySpan.Server });
        Assert.True(byId.TryGetValue(gatewayServer.ParentSpanId, out var apiClient), $"the gateway's request span's parent is not in the trace:\n  {listing}");
        Assert.True(apiClient is { Service: "trading-api", Kind: TelemetrySpan.Client }, $"the gateway's request span should be the child of trading-api's client span, is of {apiClient}:\n  {listing}");
        Assert.True(IsDescendant(apiClient, apiServer, byId), $"trading-api's call to the gateway should be inside its request span:\n  {listing}");

        var submit = spans.Single(s => s is { Service: "gateway", Name: "order.submit" });
        Assert.True(submit.ParentSpanId == gatewayServer.SpanId, $"order.submit should be the child of the gateway's request span:\n  {listing}");
        var write = spans.Single(s => s is { Service: "gateway", Name: "order.batch.write" });
        Assert.True(write.ParentSpanId == submit.SpanId, $"the batch write should be the child of order.submit (the order was alone in its batch):\n  {listing}");
        Assert.True(spans.Where(IsPostgresStatement).Any(sql => IsDescendant(sql, write, byId)), $"the order's PostgreSQL statements should be inside its batch write:\n  {listing}");

        // Every span hangs off another span of the trace, except the ones the caller started.
        var orphans = spans.Where(s => s.ParentSpanId.Length > 0 && !byId.ContainsKey(s.ParentSpanId) && s.ParentSpanId != callerSpanId).ToList();
        Assert.True(orphans.Count == 0, $"spans whose parent is not in the trace:\n  {string.Join("\n  ", orphans)}\nall:\n  {listing}");
        return apiServer;
    }

    /// <summary>True when <paramref name="ancestor"/> is on the parent chain of <paramref name="span"/> (or is it).</summary>
    public static bool IsDescendant(TelemetrySpan span, TelemetrySpan ancestor, IReadOnlyDictionary<string, TelemetrySpan> byId)
    {
        for (var current = span; current is not null; current = byId.GetValueOrDefault(current.ParentSpanId))
        {
            if (current.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }
}
