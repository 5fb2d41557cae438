namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// One span as the dashboard's telemetry HTTP API returns it (OTLP/JSON), flattened with its resource and scope.
/// </summary>
/// <param name="Service">The resource's <c>service.name</c> (the Aspire resource name: <c>trading-api</c>, <c>gateway</c>, <c>trading-ui</c>).</param>
/// <param name="Scope">The instrumentation scope (e.g. <c>Microsoft.AspNetCore</c>, <c>Npgsql</c>, <c>tradingaspire</c>).</param>
/// <param name="Name">The span name (e.g. <c>POST /api/trades</c>).</param>
/// <param name="Kind">OTLP span kind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.</param>
/// <param name="TraceId">32 lowercase hex digits.</param>
/// <param name="SpanId">16 lowercase hex digits.</param>
/// <param name="ParentSpanId">16 lowercase hex digits, or empty for a root span.</param>
/// <param name="Attributes">The span's attributes, values as text.</param>
public sealed record TelemetrySpan(
    string Service, string Scope, string Name, int Kind, string TraceId, string SpanId, string ParentSpanId,
    IReadOnlyDictionary<string, string> Attributes)
{
    public const int Internal = 1;
    public const int Server = 2;
    public const int Client = 3;

    /// <summary>When the span started, nanoseconds since the Unix epoch (OTLP <c>startTimeUnixNano</c>; 0 when absent).</summary>
    public long StartUnixNanos { get; init; }

    public override string ToString() => $"{Service} [{Scope}] '{Name}' kind={Kind} span={SpanId} parent={(ParentSpanId.Length == 0 ? "-" : ParentSpanId)}";
}
