namespace TradingAspire.EndToEnd.Tests;

/// <summary>One structured log record as the dashboard's telemetry HTTP API returns it (OTLP/JSON), flattened.</summary>
/// <param name="Service">The resource's <c>service.name</c>.</param>
/// <param name="Category">The instrumentation scope: the logger's category (.NET) or name (Python).</param>
/// <param name="Severity">The severity text (<c>Information</c>, <c>Warning</c>, ... as the dashboard stores it).</param>
/// <param name="Message">The body as text.</param>
/// <param name="UnixNanos">When it was logged, nanoseconds since the Unix epoch (0 when absent).</param>
public sealed record TelemetryLogRecord(string Service, string Category, string Severity, string Message, long UnixNanos);
