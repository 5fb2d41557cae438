using System.Net.Http.Json;
using System.Text.Json;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>The system with the optional Prometheus resource switched on in configuration.</summary>
public sealed class TradingSystemWithPrometheus : TradingSystem
{
    protected override void Configure(IDictionary<string, string?> settings) => settings["Prometheus:Enabled"] = "true";
}

[Trait("Category", "Integration")]
public sealed class PrometheusTests(TradingSystemWithPrometheus system) : IClassFixture<TradingSystemWithPrometheus>
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task PrometheusScrapesEveryResourceThatDeclaresAMetricsEndpoint()
    {
        using var prometheus = system.App.CreateHttpClient("prometheus");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Dictionary<string, string> health;
        do
        {
            var targets = await prometheus.GetFromJsonAsync<JsonElement>("/api/v1/targets");
            health = targets.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                .ToDictionary(t => t.GetProperty("labels").GetProperty("job").GetString()!, t => t.GetProperty("health").GetString()!);
            if (health.GetValueOrDefault("gateway") == "up" && health.GetValueOrDefault("trading-api") == "up")
            {
                break;
            }

            await Task.Delay(PollInterval);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("up", health["gateway"]);
        Assert.Equal("up", health["trading-api"]);
        var query = await prometheus.GetFromJsonAsync<JsonElement>("/api/v1/query?query=up");
        Assert.Equal("success", query.GetProperty("status").GetString());
    }
}
