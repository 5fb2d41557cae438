using System.Collections.Concurrent;

namespace TradingAspire.Dashboard.Telemetry;

/// <summary>
/// Bounded in-memory telemetry: the newest <see cref="DashboardOptions.MaxLogCount"/> logs, the newest
/// <see cref="DashboardOptions.MaxTraceCount"/> traces and at most <see cref="DashboardOptions.MaxMetricPointsPerResource"/>
/// metric points per resource; older items are evicted first. Thread-safe; <see cref="Version"/> changes on every write.
/// </summary>
public sealed class TelemetryStore(DashboardOptions options)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<LogEntry> _logs = new();
    private readonly Dictionary<string, List<SpanEntry>> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _traceOrder = new();
    private readonly Dictionary<string, Dictionary<string, (MetricInstrument Instrument, LinkedList<MetricPoint> Points)>> _metrics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _metricPointCounts = new(StringComparer.Ordinal);
    private long _nextLogId;

    /// <summary>Incremented by every write (persistence writes only when it changed).</summary>
    public long Version { get; private set; }

    /// <summary>Adds a log record (its id is assigned here).</summary>
    public void AddLog(LogEntry entry)
    {
        lock (_gate)
        {
            _logs.AddLast(entry with { Id = ++_nextLogId });
            while (_logs.Count > options.MaxLogCount)
            {
                _logs.RemoveFirst();
            }

            Version++;
        }
    }

    /// <summary>Adds a span to its trace, evicting the oldest trace beyond the limit.</summary>
    public void AddSpan(SpanEntry span)
    {
        lock (_gate)
        {
            if (!_traces.TryGetValue(span.TraceId, out var spans))
            {
                spans = [];
                _traces[span.TraceId] = spans;
                _traceOrder.AddLast(span.TraceId);
                while (_traceOrder.Count > options.MaxTraceCount)
                {
                    _traces.Remove(_traceOrder.First!.Value);
                    _traceOrder.RemoveFirst();
                }
            }

            spans.Add(span);
            Version++;
        }
    }

    /// <summary>Adds a metric point, evicting the resource's oldest point beyond the limit.</summary>
    public void AddMetricPoint(MetricInstrument instrument, MetricPoint point)
    {
        lock (_gate)
        {
            if (!_metrics.TryGetValue(instrument.Resource, out var instruments))
            {
                instruments = new(StringComparer.Ordinal);
                _metrics[instrument.Resource] = instruments;
            }

            if (!instruments.TryGetValue(instrument.Name, out var series))
            {
                series = (instrument, new LinkedList<MetricPoint>());
                instruments[instrument.Name] = series;
            }

            series.Points.AddLast(point);
            var count = _metricPointCounts.AddOrUpdate(instrument.Resource, 1, (_, c) => c + 1);
            if (count > options.MaxMetricPointsPerResource)
            {
                var largest = instruments.Values.MaxBy(s => s.Points.Count).Points;
                largest.RemoveFirst();
                _metricPointCounts[instrument.Resource] = count - 1;
            }

            Version++;
        }
    }

    /// <summary>Logs newest first, filtered.</summary>
    public IReadOnlyList<LogEntry> QueryLogs(string? resource = null, int? minSeverity = null, string? text = null, string? traceId = null, int limit = 200)
    {
        lock (_gate)
        {
            return _logs.Reverse()
                .Where(l => resource is null || l.Resource == resource)
                .Where(l => minSeverity is null || l.SeverityNumber >= minSeverity)
                .Where(l => text is null || l.Message.Contains(text, StringComparison.OrdinalIgnoreCase))
                .Where(l => traceId is null || l.TraceId == traceId)
                .Take(limit).ToList();
        }
    }

    /// <summary>Traces newest first, optionally only those touching a resource.</summary>
    public IReadOnlyList<TraceSummary> QueryTraces(string? resource = null, int limit = 100)
    {
        lock (_gate)
        {
            return _traceOrder.Reverse().Select(id => Summarize(id, _traces[id]))
                .Where(t => resource is null || t.Resources.Contains(resource))
                .Take(limit).ToList();
        }
    }

    /// <summary>The spans of one trace ordered by start, or null.</summary>
    public IReadOnlyList<SpanEntry>? GetTrace(string traceId)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceId, out var spans) ? spans.OrderBy(s => s.Start).ToList() : null;
        }
    }

    /// <summary>Instruments of a resource (all resources when null).</summary>
    public IReadOnlyList<MetricInstrument> QueryInstruments(string? resource = null)
    {
        lock (_gate)
        {
            return _metrics.Where(r => resource is null || r.Key == resource)
                .SelectMany(r => r.Value.Values.Select(s => s.Instrument)).OrderBy(i => i.Resource).ThenBy(i => i.Name).ToList();
        }
    }

    /// <summary>Points of one instrument, oldest first.</summary>
    public IReadOnlyList<MetricPoint> QueryPoints(string resource, string instrument, int limit = 2000)
    {
        lock (_gate)
        {
            return _metrics.TryGetValue(resource, out var instruments) && instruments.TryGetValue(instrument, out var series)
                ? series.Points.Skip(Math.Max(0, series.Points.Count - limit)).ToList()
                : [];
        }
    }

    /// <summary>Counts for tests and the benchmark.</summary>
    public (int Logs, int Traces, int Spans, int MetricPoints) Counts()
    {
        lock (_gate)
        {
            return (_logs.Count, _traces.Count, _traces.Values.Sum(s => s.Count), _metricPointCounts.Values.Sum());
        }
    }

    internal TelemetrySnapshot Snapshot()
    {
        lock (_gate)
        {
            return new TelemetrySnapshot(
                _logs.ToList(),
                _traceOrder.SelectMany(id => _traces[id]).ToList(),
                _metrics.Values.SelectMany(r => r.Values).Select(s => new MetricSeriesSnapshot(s.Instrument, s.Points.ToList())).ToList());
        }
    }

    internal void Restore(TelemetrySnapshot snapshot)
    {
        foreach (var log in snapshot.Logs)
        {
            AddLog(log);
        }

        foreach (var span in snapshot.Spans)
        {
            AddSpan(span);
        }

        foreach (var series in snapshot.Metrics)
        {
            foreach (var point in series.Points)
            {
                AddMetricPoint(series.Instrument, point);
            }
        }
    }

    private static TraceSummary Summarize(string traceId, List<SpanEntry> spans)
    {
        var root = spans.FirstOrDefault(s => s.ParentSpanId is null || spans.All(p => p.SpanId != s.ParentSpanId)) ?? spans[0];
        var start = spans.Min(s => s.Start);
        var end = spans.Max(s => s.End);
        return new TraceSummary(traceId, $"{root.Resource}: {root.Name}", start, (end - start).TotalMilliseconds, spans.Count,
            spans.Select(s => s.Resource).Distinct().Order().ToList(), spans.Any(s => s.IsError));
    }
}

/// <summary>Everything the store holds, for persistence.</summary>
internal sealed record TelemetrySnapshot(List<LogEntry> Logs, List<SpanEntry> Spans, List<MetricSeriesSnapshot> Metrics);

/// <summary>One instrument's points, for persistence.</summary>
internal sealed record MetricSeriesSnapshot(MetricInstrument Instrument, List<MetricPoint> Points);
