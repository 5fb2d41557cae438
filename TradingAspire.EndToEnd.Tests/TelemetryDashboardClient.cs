namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// The Aspire dashboard's telemetry HTTP API (13.6: <c>GET /api/telemetry/traces/{traceId}</c>, <c>/spans</c>,
/// <c>/logs</c>, <c>/resources</c> on the dashboard's own port, OTLP/JSON in <c>{"data": ..., "totalCount", "returnedCount"}</c>),
/// authenticated with the <c>X-API-Key</c> header. The same API <c>aspire otel traces|spans|logs</c> reads.
/// </summary>
public sealed class TelemetryDashboardClient(Uri dashboard, string apiKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = dashboard, DefaultRequestHeaders = { { "X-API-Key", apiKey } } };

    /// <summary>The spans of trace <paramref name="traceId"/> the dashboard holds now (empty while it knows none: 404).</summary>
    public async Task<IReadOnlyList<TelemetrySpan>> TraceAsync(string traceId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync($"/api/telemetry/traces/{traceId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken) ?? throw new InvalidDataException("empty body");
        return Spans(body.RootElement.GetProperty("data"));
    }

    /// <summary>
    /// Polls trace <paramref name="traceId"/> until <paramref name="complete"/> holds for its spans; throws
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/>, listing the spans seen and the resources that sent telemetry.
    /// </summary>
    public async Task<IReadOnlyList<TelemetrySpan>> WaitForTraceAsync(string traceId, Func<IReadOnlyList<TelemetrySpan>, bool> complete, string expected, TimeSpan timeout)
    {
        IReadOnlyList<TelemetrySpan> spans = [];
        var resources = "";
        await Poll.UntilAsync(
            async () =>
            {
                spans = await TraceAsync(traceId);
                if (complete(spans))
                {
                    return true;
                }

                resources = await ResourcesAsync();
                return false;
            },
            () => $"trace {traceId} in the dashboard: expected {expected} within {timeout.TotalSeconds:0} s; got {spans.Count} span(s):\n  "
                + string.Join("\n  ", spans) + $"\nresources with telemetry: {resources}"
                + "\n(no trading-api spans? its OTLP protobuf modules must be generated: eng/generate-otlp-python.sh)",
            timeout);
        return spans;
    }

    /// <summary>The structured log records of <paramref name="resource"/> in trace <paramref name="traceId"/>: (body text, span id, category: the scope's name).</summary>
    public async Task<IReadOnlyList<(string Message, string SpanId, string Category)>> LogsAsync(string resource, string traceId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync($"/api/telemetry/logs?resource={Uri.EscapeDataString(resource)}&traceId={traceId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return []; // no telemetry from that resource yet
        }

        response.EnsureSuccessStatusCode();
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken) ?? throw new InvalidDataException("empty body");
        var records = new List<(string, string, string)>();
        foreach (var resourceLogs in Array(body.RootElement.GetProperty("data"), "resourceLogs"))
        {
            foreach (var scopeLogs in Array(resourceLogs, "scopeLogs"))
            {
                var category = scopeLogs.TryGetProperty("scope", out var scope) ? Text(scope, "name") : "";
                foreach (var record in Array(scopeLogs, "logRecords"))
                {
                    records.Add((Value(record, "body"), Text(record, "spanId"), category));
                }
            }
        }

        return records;
    }

    /// <summary>
    /// How many traces and structured log records the dashboard holds now (the <c>totalCount</c> of
    /// <c>/api/telemetry/traces</c> and <c>/api/telemetry/logs</c>, every resource). Both stores are bounded
    /// (<c>Dashboard:TelemetryLimits:MaxTraceCount</c> and <c>MaxLogCount</c>, 10,000 each by default): a difference of
    /// two readings is what arrived in between only while the store is below its bound.
    /// </summary>
    public async Task<(int Traces, int Logs)> CountsAsync(CancellationToken cancellationToken = default)
    {
        using var traces = await GetJsonAsync("/api/telemetry/traces?limit=1", cancellationToken);
        using var logs = await GetJsonAsync("/api/telemetry/logs?limit=1", cancellationToken);
        return (traces.RootElement.GetProperty("totalCount").GetInt32(), logs.RootElement.GetProperty("totalCount").GetInt32());
    }

    /// <summary>The spans of the <paramref name="count"/> most recent traces (every resource); none when <paramref name="count"/> is 0.</summary>
    public async Task<IReadOnlyList<TelemetrySpan>> RecentTracesAsync(int count, CancellationToken cancellationToken = default)
    {
        if (count <= 0)
        {
            return [];
        }

        using var body = await GetJsonAsync($"/api/telemetry/traces?limit={count}", cancellationToken);
        return Spans(body.RootElement.GetProperty("data"));
    }

    /// <summary>
    /// The <paramref name="count"/> most recent structured log records of <paramref name="resource"/> (every resource when
    /// null; none while the dashboard knows no telemetry of that resource: 404).
    /// </summary>
    public async Task<IReadOnlyList<TelemetryLogRecord>> RecentLogsAsync(int count, string? resource = null, CancellationToken cancellationToken = default)
    {
        if (count <= 0)
        {
            return [];
        }

        var path = resource is null ? $"/api/telemetry/logs?limit={count}" : $"/api/telemetry/logs?resource={Uri.EscapeDataString(resource)}&limit={count}";
        // A 404 means "no telemetry of that resource" only when one is named; for all resources it is an error.
        using var body = resource is null ? await GetJsonAsync(path, cancellationToken) : await GetJsonOrNullAsync(path, cancellationToken);
        if (body is null)
        {
            return [];
        }

        var records = new List<TelemetryLogRecord>();
        foreach (var resourceLogs in Array(body.RootElement.GetProperty("data"), "resourceLogs"))
        {
            var service = resourceLogs.TryGetProperty("resource", out var otlpResource) ? Attributes(otlpResource).GetValueOrDefault("service.name", "") : "";
            foreach (var scopeLogs in Array(resourceLogs, "scopeLogs"))
            {
                var scope = scopeLogs.TryGetProperty("scope", out var s) ? Text(s, "name") : "";
                foreach (var record in Array(scopeLogs, "logRecords"))
                {
                    records.Add(new TelemetryLogRecord(service, scope, Text(record, "severityText"), Value(record, "body"), UnixNanos(record, "timeUnixNano")));
                }
            }
        }

        return records;
    }

    /// <summary>The resource list (<c>/api/telemetry/resources</c>) as raw JSON, for failure messages.</summary>
    public async Task<string> ResourcesAsync()
    {
        using var response = await _http.GetAsync("/api/telemetry/resources");
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The JSON body of GET <paramref name="path"/>; null for 404 (a <c>resource</c> the dashboard has no telemetry of).</summary>
    private async Task<JsonDocument?> GetJsonOrNullAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadJsonAsync(path, response, cancellationToken);
    }

    private async Task<JsonDocument> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        return await ReadJsonAsync(path, response, cancellationToken);
    }

    private static async Task<JsonDocument> ReadJsonAsync(string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path} on the dashboard: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken) ?? throw new InvalidDataException($"GET {path}: empty body");
    }

    private static List<TelemetrySpan> Spans(JsonElement data)
    {
        var spans = new List<TelemetrySpan>();
        foreach (var resourceSpans in Array(data, "resourceSpans"))
        {
            var service = resourceSpans.TryGetProperty("resource", out var resource) ? Attributes(resource).GetValueOrDefault("service.name", "") : "";
            foreach (var scopeSpans in Array(resourceSpans, "scopeSpans"))
            {
                var scope = scopeSpans.TryGetProperty("scope", out var s) ? Text(s, "name") : "";
                foreach (var span in Array(scopeSpans, "spans"))
                {
                    spans.Add(new TelemetrySpan(service, scope, Text(span, "name"), span.TryGetProperty("kind", out var kind) ? kind.GetInt32() : 0,
                        Text(span, "traceId"), Text(span, "spanId"), Text(span, "parentSpanId"), Attributes(span))
                    {
                        StartUnixNanos = UnixNanos(span, "startTimeUnixNano"),
                    });
                }
            }
        }

        return spans;
    }

    private static Dictionary<string, string> Attributes(JsonElement element)
        => Array(element, "attributes").ToDictionary(a => Text(a, "key"), a => Value(a, "value"));

    /// <summary>An OTLP AnyValue (<c>{"stringValue": ...}</c>, <c>{"intValue": ...}</c>, ...) as text.</summary>
    private static string Value(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        foreach (var property in value.EnumerateObject())
        {
            return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return "";
    }

    /// <summary>An OTLP/JSON time (a string or a number of nanoseconds since the Unix epoch); 0 when absent.</summary>
    private static long UnixNanos(JsonElement element, string name)
        => !element.TryGetProperty(name, out var value) ? 0
            : value.ValueKind == JsonValueKind.Number ? value.GetInt64()
            : long.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;

    private static string Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static IEnumerable<JsonElement> Array(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
}
