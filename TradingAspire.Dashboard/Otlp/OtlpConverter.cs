using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using TradingAspire.Dashboard.Telemetry;

namespace TradingAspire.Dashboard.Otlp;

/// <summary>Turns OTLP export requests into store entries; the resource name is the <c>service.name</c> attribute.</summary>
public static class OtlpConverter
{
    /// <summary>Stores the spans of a trace export; returns how many.</summary>
    public static int AddTraces(ExportTraceServiceRequest request, TelemetryStore store)
    {
        var count = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = ServiceName(resourceSpans.Resource?.Attributes);
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(s => s.Spans))
            {
                store.AddSpan(new SpanEntry(
                    Hex(span.TraceId), Hex(span.SpanId), span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId), resource, span.Name,
                    span.Kind.ToString().Replace("SpanKind", "", StringComparison.Ordinal), Time(span.StartTimeUnixNano), Time(span.EndTimeUnixNano),
                    span.Status?.Code == OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode.Error, NullIfEmpty(span.Status?.Message),
                    Attributes(span.Attributes),
                    span.Events.Select(e => new SpanEventEntry(Time(e.TimeUnixNano), e.Name, Attributes(e.Attributes))).ToList()));
                count++;
            }
        }

        return count;
    }

    /// <summary>Stores the records of a logs export; returns how many.</summary>
    public static int AddLogs(ExportLogsServiceRequest request, TelemetryStore store)
    {
        var count = 0;
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = ServiceName(resourceLogs.Resource?.Attributes);
            foreach (var record in resourceLogs.ScopeLogs.SelectMany(s => s.LogRecords))
            {
                var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                var severity = (int)record.SeverityNumber;
                store.AddLog(new LogEntry(0, Time(time), resource, SeverityName(severity, record.SeverityText), severity, Text(record.Body),
                    record.TraceId.IsEmpty ? null : Hex(record.TraceId), record.SpanId.IsEmpty ? null : Hex(record.SpanId), Attributes(record.Attributes)));
                count++;
            }
        }

        return count;
    }

    /// <summary>Stores the data points of a metrics export; returns how many.</summary>
    public static int AddMetrics(ExportMetricsServiceRequest request, TelemetryStore store)
    {
        var count = 0;
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = ServiceName(resourceMetrics.Resource?.Attributes);
            foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics))
            {
                var kind = metric.DataCase.ToString();
                var instrument = new MetricInstrument(resource, metric.Name, metric.Unit, metric.Description, kind);
                foreach (var (time, value, attributes) in Points(metric))
                {
                    store.AddMetricPoint(instrument, new MetricPoint(Time(time), value, attributes));
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Lowercase hex of an id.</summary>
    public static string Hex(ByteString bytes) => Convert.ToHexString(bytes.Span).ToLowerInvariant();

    private static IEnumerable<(ulong Time, double Value, string Attributes)> Points(Metric metric)
    {
        static string Key(RepeatedField<KeyValue> attributes) => string.Join(",", attributes.Select(a => $"{a.Key}={Text(a.Value)}"));
        static double Number(NumberDataPoint p) => p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble;
        return metric.DataCase switch
        {
            Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(p => (p.TimeUnixNano, Number(p), Key(p.Attributes))),
            Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(p => (p.TimeUnixNano, Number(p), Key(p.Attributes))),
            // A histogram is charted by its mean: sum / count.
            Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(p => (p.TimeUnixNano, p.Count == 0 ? 0 : p.Sum / p.Count, Key(p.Attributes))),
            Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Select(p => (p.TimeUnixNano, p.Count == 0 ? 0 : p.Sum / p.Count, Key(p.Attributes))),
            Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Select(p => (p.TimeUnixNano, p.Count == 0 ? 0 : p.Sum / p.Count, Key(p.Attributes))),
            _ => [],
        };
    }

    private static string ServiceName(RepeatedField<KeyValue>? attributes)
        => attributes?.FirstOrDefault(a => a.Key == "service.name")?.Value is { } value ? Text(value) : "unknown";

    private static Dictionary<string, string> Attributes(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = Text(attribute.Value);
        }

        return result;
    }

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(v => $"{v.Key}: {Text(v.Value)}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => "",
    };

    private static DateTimeOffset Time(ulong unixNanoseconds) => DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanoseconds / 100));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string SeverityName(int number, string text) => !string.IsNullOrEmpty(text) ? text : number switch
    {
        >= 21 => "Critical",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => "Unspecified",
    };
}
