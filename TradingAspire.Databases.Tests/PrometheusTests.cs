using System.Net.Http.Json;
using System.Text.Json;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

[Trait("Category", "Integration")]
public sealed class PrometheusTests : IDisposable
{
    // A minimal service with a metrics endpoint: prometheus_client serving one counter at 3.
    private const string Exporter = """
        import os, time
        from prometheus_client import Counter, start_http_server
        Counter("tradingaspire_test_ticks", "ticks seen").inc(3)
        start_http_server(int(os.environ["PORT"]), addr="127.0.0.1")
        while True:
            time.sleep(3600)
        """;

    private static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(250);

    private readonly string _state = DatabaseApp.NewStateDirectory();

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task PrometheusScrapesEveryResourceThatDeclaresAMetricsEndpoint()
    {
        await using var app = await DatabaseApp.StartAsync(_state, declare: builder =>
        {
            // Debian's interpreter: it has python3-prometheus-client (a pyenv python3 earlier on PATH may not).
            builder.AddExecutable("exporter", "/usr/bin/python3", ".", "-c", Exporter)
                .WithHttpEndpoint(env: "PORT")
                .WithHttpHealthCheck("/metrics")
                .WithMetricsEndpoint("/metrics");
            builder.AddPrometheus("prometheus");
        });
        await DatabaseApp.WaitHealthyAsync(app, "exporter", "prometheus");
        using var prometheus = app.CreateHttpClient("prometheus");
        var exporter = app.GetEndpoint("exporter");

        var config = File.ReadAllText(Path.Combine(_state, "data", "prometheus", "prometheus.yml"));
        Assert.Contains($"  - job_name: \"exporter\"\n    metrics_path: \"/metrics\"\n    static_configs:\n      - targets: [\"127.0.0.1:{exporter.Port}\"]", config.Replace("\r\n", "\n"));
        Assert.Equal("127.0.0.1", prometheus.BaseAddress!.Host);
        Assert.True(Directory.Exists(Path.Combine(_state, "data", "prometheus", "tsdb")), "the TSDB lives in the resource's data directory");

        // The first scrape comes within one scrape interval (5 s in config/prometheus.yml).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? value = null;
        while (value is null && DateTime.UtcNow < deadline)
        {
            value = await QueryAsync(prometheus, "tradingaspire_test_ticks_total{job=\"exporter\"}");
            if (value is null)
            {
                await Task.Delay(PollPeriod);
            }
        }

        Assert.True(value == "3", $"expected the counter at 3, got {value ?? "no sample"}; targets: {await prometheus.GetStringAsync("/api/v1/targets")}; " +
            $"exporter log: {ReadLog("exporter")}");
    }

    private string ReadLog(string resource)
    {
        var file = Path.Combine(_state, "logs", $"{resource}.log");
        return File.Exists(file) ? File.ReadAllText(file) : "(none)";
    }

    private static async Task<string?> QueryAsync(HttpClient prometheus, string query)
    {
        var answer = await prometheus.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(query)}");
        var results = answer.GetProperty("data").GetProperty("result");
        return results.GetArrayLength() == 0 ? null : results[0].GetProperty("value")[1].GetString();
    }
}
