using System.Text.Json;

namespace TradingAspire.Hosting.Tests;

/// <summary>The Prometheus integration's model and generated configuration, without processes.</summary>
public sealed class PrometheusModelTests() : TemporaryDirectoryTest("promstate-")
{
    private IDistributedApplicationTestingBuilder CreateBuilder()
    {
        var builder = DistributedApplicationTestingBuilder.Create([], (options, _) => options.DisableDashboard = true);
        builder.Configuration["TradingAspire:StateDirectory"] = Root.FullName;
        return builder;
    }

    [Fact]
    public async Task Runs_debian_prometheus_with_config_and_data_under_the_state_directory_on_loopback()
    {
        var builder = CreateBuilder();
        var prometheus = builder.AddPrometheus("prometheus").Resource;
        var http = prometheus.Annotations.OfType<EndpointAnnotation>().Single();
        http.TargetPort = 19091;
        http.AllocatedEndpoint = new AllocatedEndpoint(http, "localhost", 9090);

        Assert.Equal("prometheus", prometheus.Command);
        Assert.Equal(Path.Combine(Root.FullName, "data", "prometheus"), prometheus.WorkingDirectory);
        Assert.Equal(("http", 9090), (http.Name, http.Port));
        Assert.Equal(
            [
                $"--config.file={Path.Combine(Root.FullName, "config", "prometheus", "prometheus.yml")}",
                $"--storage.tsdb.path={Path.Combine(Root.FullName, "data", "prometheus")}",
                "--web.listen-address=127.0.0.1:19091",
            ],
            await PythonModelTests.ArgsAsync(prometheus));
        Assert.Contains(prometheus.Annotations.OfType<HealthCheckAnnotation>(), _ => true);
    }

    [Fact]
    public void State_directory_defaults_to_dot_tradingaspire_beside_the_app_host()
    {
        var builder = DistributedApplicationTestingBuilder.Create([], (options, _) => options.DisableDashboard = true);
        var prometheus = builder.AddPrometheus("metrics").Resource;

        Assert.Equal(Path.Combine(builder.AppHostDirectory, ".tradingaspire", "data", "metrics"), prometheus.DataDirectory);
        Assert.Equal(Path.Combine(builder.AppHostDirectory, ".tradingaspire", "config", "metrics", "prometheus.yml"), prometheus.ConfigFilePath);
    }

    [Fact]
    public async Task Scrapes_every_resource_that_declares_a_metrics_endpoint()
    {
        var builder = CreateBuilder();
        var gateway = builder.AddExecutable("gateway", "gateway", ".").WithHttpEndpoint(name: "http").WithMetricsEndpoint().Resource;
        var api = builder.AddExecutable("trading-api", "api", ".").WithHttpEndpoint(name: "web").WithMetricsEndpoint("/prom", "web").Resource;
        builder.AddExecutable("quiet", "quiet", ".").WithHttpEndpoint(name: "http");
        foreach (var (resource, port) in new (IResourceWithEndpoints, int)[] { (gateway, 5001), (api, 8001) })
        {
            var endpoint = resource.Annotations.OfType<EndpointAnnotation>().Single();
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port);
        }

        var targets = await PrometheusBuilderExtensions.ResolveTargetsAsync(builder.Resources, CancellationToken.None);
        using var config = JsonDocument.Parse(PrometheusBuilderExtensions.RenderConfig(targets));

        var jobs = config.RootElement.GetProperty("scrape_configs").EnumerateArray()
            .Select(j => (
                Job: j.GetProperty("job_name").GetString(),
                Path: j.GetProperty("metrics_path").GetString(),
                Target: j.GetProperty("static_configs")[0].GetProperty("targets")[0].GetString()))
            .ToList();
        Assert.Equal([("gateway", "/metrics", "localhost:5001"), ("trading-api", "/prom", "localhost:8001")], jobs);
        Assert.Equal("5s", config.RootElement.GetProperty("global").GetProperty("scrape_interval").GetString());
    }

    [Fact]
    public async Task A_metrics_endpoint_naming_a_missing_endpoint_is_an_error_naming_both()
    {
        var builder = CreateBuilder();
        builder.AddExecutable("gateway", "gateway", ".").WithHttpEndpoint(name: "http").WithMetricsEndpoint(endpointName: "admin");

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => PrometheusBuilderExtensions.ResolveTargetsAsync(builder.Resources, CancellationToken.None));
        Assert.Contains("'gateway'", error.Message);
        Assert.Contains("'admin'", error.Message);
    }

    [Fact]
    public void A_metrics_path_must_be_absolute()
    {
        var builder = CreateBuilder();
        var error = Assert.Throws<ArgumentException>(() => builder.AddExecutable("gateway", "gateway", ".").WithHttpEndpoint().WithMetricsEndpoint("metrics"));
        Assert.Contains("\"/metrics\"", error.Message);
    }
}
