namespace TradingAspire.Dashboard.Telemetry;

/// <summary>A structured log record received over OTLP.</summary>
public sealed record LogEntry(
    long Id, DateTimeOffset Timestamp, string Resource, string Severity, int SeverityNumber, string Message,
    string? TraceId, string? SpanId, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A span received over OTLP.</summary>
public sealed record SpanEntry(
    string TraceId, string SpanId, string? ParentSpanId, string Resource, string Name, string Kind,
    DateTimeOffset Start, DateTimeOffset End, bool IsError, string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<SpanEventEntry> Events)
{
    /// <summary>Duration in milliseconds.</summary>
    public double DurationMs => (End - Start).TotalMilliseconds;
}

/// <summary>An event inside a span.</summary>
public sealed record SpanEventEntry(DateTimeOffset Time, string Name, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One trace: its spans across resources.</summary>
public sealed record TraceSummary(
    string TraceId, string RootName, DateTimeOffset Start, double DurationMs, int SpanCount, IReadOnlyList<string> Resources, bool HasError);

/// <summary>One point of a metric instrument.</summary>
public sealed record MetricPoint(DateTimeOffset Time, double Value, string Attributes);

/// <summary>An instrument of a resource and its recent points.</summary>
public sealed record MetricInstrument(string Resource, string Name, string Unit, string Description, string Kind);
