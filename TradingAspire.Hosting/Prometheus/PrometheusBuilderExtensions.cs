using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aspire.Hosting;

/// <summary>Debian's <c>prometheus</c> scraping every resource that declares a metrics endpoint (ours: Aspire has no such integration).</summary>
public static class PrometheusBuilderExtensions
{
    /// <summary>
    /// Adds Prometheus, its configuration (<c>{state}/config/{name}/prometheus.yml</c>, <c>{state}</c> being
    /// <c>TradingAspire:StateDirectory</c>) rewritten before each start with the targets' addresses, its data in
    /// <c>{state}/data/{name}</c>, listening on 127.0.0.1. Health: <c>/-/ready</c>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="port">The HTTP port of its <c>http</c> endpoint; null for a free port.</param>
    public static IResourceBuilder<PrometheusResource> AddPrometheus(this IDistributedApplicationBuilder builder, [ResourceName] string name, int? port = 9090)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var resource = new PrometheusResource(
            name,
            Path.Combine(StateDirectory.Resolve(builder), "config", name, "prometheus.yml"),
            StateDirectory.DataDirectoryFor(builder, name));
        var http = new EndpointReference(resource, "http");
        return builder.AddResource(resource)
            .WithIconName("ChartMultiple")
            .WithHttpEndpoint(port: port, name: "http")
            .WithArgs($"--config.file={resource.ConfigFilePath}", $"--storage.tsdb.path={resource.DataDirectory}",
                ReferenceExpression.Create($"--web.listen-address=127.0.0.1:{http.Property(EndpointProperty.TargetPort)}"))
            .WithHttpHealthCheck("/-/ready")
            .WithInstallCheck("Install it with: apt-get install -y prometheus")
            .WithStartPreparation(async (prometheus, _, cancellationToken) =>
            {
                var targets = await ResolveTargetsAsync(builder.Resources, cancellationToken).ConfigureAwait(false);
                Directory.CreateDirectory(prometheus.DataDirectory);
                Directory.CreateDirectory(Path.GetDirectoryName(prometheus.ConfigFilePath)!);
                await File.WriteAllTextAsync(prometheus.ConfigFilePath, RenderConfig(targets), cancellationToken).ConfigureAwait(false);
            });
    }

    /// <summary>Declares that the resource serves Prometheus metrics, scraped by every <c>AddPrometheus</c> resource.</summary>
    /// <param name="builder">The resource builder.</param>
    /// <param name="path">The HTTP path of the metrics.</param>
    /// <param name="endpointName">The resource's endpoint that serves them.</param>
    public static IResourceBuilder<T> WithMetricsEndpoint<T>(this IResourceBuilder<T> builder, string path = "/metrics", string endpointName = "http")
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(path) || !path.StartsWith('/'))
        {
            throw new ArgumentException($"Invalid metrics path '{path}' for resource '{builder.Resource.Name}'. Expected an absolute HTTP path such as \"/metrics\".", nameof(path));
        }

        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        return builder.WithAnnotation(new MetricsEndpointAnnotation(path, endpointName), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Every resource with a <see cref="MetricsEndpointAnnotation"/>, with its allocated address.</summary>
    internal static async Task<IReadOnlyList<PrometheusScrapeTarget>> ResolveTargetsAsync(IEnumerable<IResource> resources, CancellationToken cancellationToken)
    {
        var targets = new List<PrometheusScrapeTarget>();
        foreach (var resource in resources.OfType<IResourceWithEndpoints>().Where(r => r.HasAnnotationOfType<MetricsEndpointAnnotation>()))
        {
            var metrics = resource.Annotations.OfType<MetricsEndpointAnnotation>().Last();
            var endpoint = resource.GetEndpoint(metrics.EndpointName);
            if (!endpoint.Exists)
            {
                throw new DistributedApplicationException(
                    $"Resource '{resource.Name}' declares metrics on endpoint '{metrics.EndpointName}', which it does not have. " +
                    $"Name one of its endpoints in WithMetricsEndpoint(endpointName: ...), e.g. \"http\".");
            }

            var hostAndPort = await endpoint.Property(EndpointProperty.HostAndPort).GetValueAsync(cancellationToken).ConfigureAwait(false);
            targets.Add(new PrometheusScrapeTarget(resource.Name, endpoint.Scheme, hostAndPort!, metrics.Path));
        }

        return targets;
    }

    /// <summary>
    /// Prometheus's configuration for <paramref name="targets"/>: one scrape job per target, named after the resource, scraped
    /// (and rules evaluated) every 5 s. Written as JSON, which is valid YAML, so no YAML writer is needed.
    /// </summary>
    internal static string RenderConfig(IEnumerable<PrometheusScrapeTarget> targets)
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
            ["global"] = new JsonObject { ["scrape_interval"] = "5s", ["evaluation_interval"] = "5s" },
            ["scrape_configs"] = new JsonArray([.. jobs]),
        };
        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
