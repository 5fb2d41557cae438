using System.Globalization;
using System.Text;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Resources.Prometheus;

/// <summary>Renders prometheus.yml: one scrape job per resource with a <see cref="MetricsEndpointAnnotation"/>.</summary>
public static class PrometheusConfigFile
{
    /// <summary>The file's content for the allocated endpoints; <paramref name="template"/> (config/prometheus.yml) provides the global section.</summary>
    public static string Render(string? template, IEnumerable<IResource> resources, TimeSpan scrapeInterval)
    {
        var text = new StringBuilder();
        text.AppendLine(string.IsNullOrWhiteSpace(template)
            ? string.Create(CultureInfo.InvariantCulture, $"global:\n  scrape_interval: {scrapeInterval.TotalSeconds:0}s")
            : template.TrimEnd());
        text.AppendLine("scrape_configs:");
        foreach (var resource in resources)
        {
            foreach (var metrics in resource.Annotations.OfType<MetricsEndpointAnnotation>())
            {
                var endpoint = resource.Annotations.OfType<EndpointAnnotation>().First(e => e.Name == metrics.EndpointName).AllocatedEndpoint
                    ?? throw new InvalidOperationException($"Endpoint '{metrics.EndpointName}' of '{resource.Name}' is not allocated.");
                text.AppendLine(CultureInfo.InvariantCulture, $"  - job_name: \"{resource.Name}\"");
                text.AppendLine(CultureInfo.InvariantCulture, $"    metrics_path: \"{metrics.Path}\"");
                text.AppendLine(CultureInfo.InvariantCulture, $"    static_configs:\n      - targets: [\"{endpoint.Host}:{endpoint.Port}\"]");
            }
        }

        return text.ToString();
    }
}
