using System.Text.Json;
using System.Text.Json.Nodes;

namespace TradingAspire.Hosting;

/// <summary>
/// Writes Prometheus's configuration: one scrape job per target, named after the resource, scraped (and rules evaluated)
/// every 5 s. It is written as JSON, which is valid YAML, so no YAML writer is needed.
/// </summary>
internal static class PrometheusConfig
{
    private const string Interval = "5s";

    /// <summary>The configuration text for <paramref name="targets"/>.</summary>
    public static string Render(IEnumerable<PrometheusScrapeTarget> targets)
    {
        var jobs = targets.OrderBy(t => t.ResourceName, StringComparer.Ordinal).Select(target => new JsonObject
        {
            ["job_name"] = target.ResourceName,
            ["scheme"] = target.Scheme,
            ["metrics_path"] = target.MetricsPath,
            ["static_configs"] = new JsonArray(new JsonObject
            {
                ["targets"] = new JsonArray(target.HostAndPort),
                ["labels"] = new JsonObject { ["resource"] = target.ResourceName },
            }),
        });
        var config = new JsonObject
        {
            ["global"] = new JsonObject { ["scrape_interval"] = Interval, ["evaluation_interval"] = Interval },
            ["scrape_configs"] = new JsonArray([.. jobs]),
        };
        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
