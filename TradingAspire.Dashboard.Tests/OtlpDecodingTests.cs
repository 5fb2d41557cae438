using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TradingAspire.Dashboard.Otlp;
using TradingAspire.Dashboard.Telemetry;

namespace TradingAspire.Dashboard.Tests;

public sealed class OtlpDecodingTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanId = "00f067aa0ba902b7";

    private static TelemetryStore NewStore() => new(new DashboardOptions());

    private const string TracesJson = """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"trading-api"}}]},
          "scopeSpans":[{"scope":{"name":"t"},"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7",
          "name":"POST /api/trades","kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000012000000",
          "attributes":[{"key":"http.status_code","value":{"intValue":"201"}}],"events":[{"timeUnixNano":"1700000000001000000","name":"retry","attributes":[]}],
          "status":{"code":2,"message":"boom"}}]}]}]}
        """;

    [Fact]
    public void JsonTracesUseHexIdsAndAreDecodedIntoSpans()
    {
        var store = NewStore();

        OtlpConverter.AddTraces(OtlpJson.Parse<ExportTraceServiceRequest>(TracesJson), store);

        var span = Assert.Single(store.GetTrace(TraceId)!);
        Assert.Equal(SpanId, span.SpanId);
        Assert.Equal("trading-api", span.Resource);
        Assert.Equal("Server", span.Kind);
        Assert.Equal(12, span.DurationMs, precision: 3);
        Assert.Equal("201", span.Attributes["http.status_code"]);
        Assert.True(span.IsError);
        Assert.Equal("boom", span.StatusMessage);
        Assert.Equal("retry", Assert.Single(span.Events).Name);
    }

    [Fact]
    public void ProtobufTracesDecodeToTheSameSpan()
    {
        var request = OtlpJson.Parse<ExportTraceServiceRequest>(TracesJson);
        var store = NewStore();

        OtlpConverter.AddTraces(ExportTraceServiceRequest.Parser.ParseFrom(request.ToByteArray()), store);

        Assert.Equal("POST /api/trades", Assert.Single(store.GetTrace(TraceId)!).Name);
    }

    [Fact]
    public void LogsKeepSeverityBodyAttributesAndTheirTrace()
    {
        const string json = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"strategy"}}]},
              "scopeLogs":[{"logRecords":[{"timeUnixNano":"1700000000000000000","severityNumber":17,"severityText":"ERROR",
              "body":{"stringValue":"order rejected"},"attributes":[{"key":"symbol","value":{"stringValue":"BTCUSDT"}}],
              "traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7"}]}]}]}
            """;
        var store = NewStore();

        var count = OtlpConverter.AddLogs(OtlpJson.Parse<ExportLogsServiceRequest>(json), store);

        Assert.Equal(1, count);
        var log = Assert.Single(store.QueryLogs(resource: "strategy", minSeverity: 17));
        Assert.Equal(("ERROR", "order rejected", TraceId, "BTCUSDT"), (log.Severity, log.Message, log.TraceId, log.Attributes["symbol"]));
    }

    [Fact]
    public void MetricsOfEveryKindBecomePoints()
    {
        const string json = """
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"gateway"}}]},"scopeMetrics":[{"metrics":[
              {"name":"orders","unit":"1","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"timeUnixNano":"1700000000000000000","asInt":"7"}]}},
              {"name":"clients","gauge":{"dataPoints":[{"timeUnixNano":"1700000000000000000","asDouble":2.5}]}},
              {"name":"latency","unit":"ms","histogram":{"dataPoints":[{"timeUnixNano":"1700000000000000000","count":"4","sum":10,"bucketCounts":["1","3"],"explicitBounds":[5]}]}}]}]}]}
            """;
        var store = NewStore();

        OtlpConverter.AddMetrics(OtlpJson.Parse<ExportMetricsServiceRequest>(json), store);

        Assert.Equal(["clients", "latency", "orders"], store.QueryInstruments("gateway").Select(i => i.Name));
        Assert.Equal(7, Assert.Single(store.QueryPoints("gateway", "orders")).Value);
        Assert.Equal(2.5, Assert.Single(store.QueryPoints("gateway", "clients")).Value);
        Assert.Equal(2.5, Assert.Single(store.QueryPoints("gateway", "latency")).Value);
    }

    [Fact]
    public void MalformedJsonIsAFormatError()
        => Assert.ThrowsAny<Exception>(() => OtlpJson.Parse<ExportTraceServiceRequest>("{\"resourceSpans\": 5}"));
}
