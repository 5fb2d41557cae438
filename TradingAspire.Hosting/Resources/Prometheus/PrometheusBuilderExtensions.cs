using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Orchestration.Processes;
using TradingAspire.Hosting.Resources.Prometheus;

namespace TradingAspire.Hosting;

/// <summary><c>AddPrometheus</c> and <c>WithMetricsEndpoint</c>.</summary>
public static class PrometheusBuilderExtensions
{
    /// <summary>
    /// Adds Prometheus (port 9090 unless <paramref name="port"/>) with a generated prometheus.yml scraping every resource
    /// that declares <c>WithMetricsEndpoint</c>, its own data directory, and a <c>/-/ready</c> health check.
    /// </summary>
    public static IResourceBuilder<PrometheusResource> AddPrometheus(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var model = builder.Resources;
        return builder.AddResource(new PrometheusResource(name))
            .WithHttpEndpoint(port: port ?? 9090)
            .WithAnnotation(new BeforeResourceStartAnnotation(context => NativeProcessExecutor.FindProgram(((ExecutableResource)context.Resource).Command, "/") is null
                ? throw new InvalidOperationException(
                    "Prometheus is not installed: 'prometheus' was not found on PATH. Install it with: sudo apt-get install -y prometheus " +
                    "(or turn the optional resource off: Prometheus__Enabled=false).")
                : Task.CompletedTask))
            .WithArgs(context =>
            {
                var paths = context.ExecutionContext.ServiceProvider.GetRequiredService<ApplicationPaths>();
                var data = Path.Combine(paths.DataDirectory, name);
                Directory.CreateDirectory(data);
                var template = Path.Combine(paths.ConfigDirectory, "prometheus.yml");
                var config = Path.Combine(data, "prometheus.yml");
                File.WriteAllText(config, PrometheusConfigFile.Render(File.Exists(template) ? File.ReadAllText(template) : null, model, TimeSpan.FromSeconds(5)));
                var http = new EndpointReference((IResourceWithEndpoints)context.Resource, "http");
                context.Args.Add($"--config.file={config}");
                context.Args.Add($"--storage.tsdb.path={Path.Combine(data, "tsdb")}");
                context.Args.Add(string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{http.Port}"));
            })
            .WithHttpHealthCheck("/-/ready");
    }

    /// <summary>Declares that the resource serves Prometheus metrics at <paramref name="path"/> on <paramref name="endpointName"/>.</summary>
    public static IResourceBuilder<T> WithMetricsEndpoint<T>(this IResourceBuilder<T> builder, string path = "/metrics", string endpointName = "http")
        where T : IResourceWithEndpoints
        => builder.WithAnnotation(new MetricsEndpointAnnotation(path, endpointName));
}
