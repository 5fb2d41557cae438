using TradingAspire.Dashboard.Model;
using TradingAspire.Dashboard.Telemetry;

namespace TradingAspire.Dashboard.Tests;

public sealed class TelemetryStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ta-telemetry-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static LogEntry Log(string message) => new(0, DateTimeOffset.UnixEpoch, "api", "INFO", 9, message, null, null, new Dictionary<string, string>());

    private static SpanEntry Span(string traceId, string spanId) => new(traceId, spanId, null, "api", "op", "Server", DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch.AddMilliseconds(5), false, null, new Dictionary<string, string>(), []);

    [Fact]
    public void LogsBeyondTheLimitEvictTheOldest()
    {
        var store = new TelemetryStore(new DashboardOptions { MaxLogCount = 3 });

        for (var i = 1; i <= 5; i++)
        {
            store.AddLog(Log($"m{i}"));
        }

        Assert.Equal(["m5", "m4", "m3"], store.QueryLogs().Select(l => l.Message));
    }

    [Fact]
    public void TracesBeyondTheLimitEvictTheOldestTraceWithAllItsSpans()
    {
        var store = new TelemetryStore(new DashboardOptions { MaxTraceCount = 2 });

        store.AddSpan(Span("t1", "a"));
        store.AddSpan(Span("t1", "b"));
        store.AddSpan(Span("t2", "c"));
        store.AddSpan(Span("t3", "d"));

        Assert.Null(store.GetTrace("t1"));
        Assert.Equal(["t3", "t2"], store.QueryTraces().Select(t => t.TraceId));
        Assert.Equal((0, 2, 2, 0), store.Counts());
    }

    [Fact]
    public void MetricPointsPerResourceAreBounded()
    {
        var store = new TelemetryStore(new DashboardOptions { MaxMetricPointsPerResource = 10 });
        var instrument = new MetricInstrument("gateway", "orders", "1", "", "Sum");

        for (var i = 0; i < 25; i++)
        {
            store.AddMetricPoint(instrument, new MetricPoint(DateTimeOffset.UnixEpoch.AddSeconds(i), i, ""));
        }

        var points = store.QueryPoints("gateway", "orders");
        Assert.Equal(10, points.Count);
        Assert.Equal(24, points[^1].Value);
    }

    [Fact]
    public async Task ASnapshotRoundTripRestoresLogsTracesAndMetrics()
    {
        var options = new DashboardOptions();
        var store = new TelemetryStore(options);
        store.AddLog(Log("kept"));
        store.AddSpan(Span("t1", "a"));
        store.AddMetricPoint(new MetricInstrument("gateway", "orders", "1", "", "Sum"), new MetricPoint(DateTimeOffset.UnixEpoch, 3, "symbol=BTCUSDT"));
        await using (var persistence = new TelemetryPersistence(store, _directory.FullName, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
        {
            persistence.LoadAndStart(TimeSpan.FromHours(1));
        }

        var restored = new TelemetryStore(options);
        await using (var persistence = new TelemetryPersistence(restored, _directory.FullName, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
        {
            persistence.LoadAndStart(TimeSpan.FromHours(1));
        }

        Assert.Equal("kept", Assert.Single(restored.QueryLogs()).Message);
        Assert.Equal("a", Assert.Single(restored.GetTrace("t1")!).SpanId);
        Assert.Equal("symbol=BTCUSDT", Assert.Single(restored.QueryPoints("gateway", "orders")).Attributes);
    }

    [Fact]
    public void SecretEnvironmentValuesAreMasked()
    {
        var resource = new FakeResourceSource().GetResources()[0].Masked();

        Assert.Equal(DashboardEnvironmentVariable.Mask, resource.Environment.Single(e => e.Name == "ConnectionStrings__trading").Value);
        Assert.Equal("3000", resource.Environment.Single(e => e.Name == "PORT").Value);
    }
}
