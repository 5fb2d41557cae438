using System.Text.Json;
using System.Text.Json.Nodes;

namespace TradingAspire.Hosting;

/// <summary>
/// Writes Prometheus's configuration: one scrape job per target, named after the resource. It is written as JSON,
/// which is valid YAML, so no YAML writer is needed.
/// </summary>
internal static class PrometheusConfig
{
    /// <summary>The configuration text for <paramref name="targets"/>, scraped every <paramref name="scrapeInterval"/>.</summary>
    public static string Render(IEnumerable<PrometheusScrapeTarget> targets, TimeSpan scrapeInterval)
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
            ["global"] = new JsonObject
            {
                ["scrape_interval"] = $"{(int)scrapeInterval.TotalSeconds}s",
                ["evaluation_interval"] = $"{(int)scrapeInterval.TotalSeconds}s",
            },
            ["scrape_configs"] = new JsonArray([.. jobs]),
        };
        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
