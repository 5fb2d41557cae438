using TradingAspire.Hosting.Resources.Prometheus;

namespace TradingAspire.Tests.Unit;

public sealed class PrometheusConfigTests
{
    [Fact]
    public void EveryResourceWithAMetricsEndpointBecomesAScrapeJob()
    {
        var gateway = new ExecutableResource("gateway", "dotnet", "/");
        gateway.Annotations.Add(new EndpointAnnotation("http", "http", 3000, null, null) { AllocatedEndpoint = new AllocatedEndpoint("http", "127.0.0.1", 3000) });
        gateway.Annotations.Add(new MetricsEndpointAnnotation("/metrics", "http"));
        var quiet = new ExecutableResource("strategy", "python3", "/");

        var config = PrometheusConfigFile.Render("global:\n  scrape_interval: 5s\n", [gateway, quiet], TimeSpan.FromSeconds(5));

        Assert.Equal(
            "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: \"gateway\"\n    metrics_path: \"/metrics\"\n    static_configs:\n      - targets: [\"127.0.0.1:3000\"]\n",
            config.Replace("\r\n", "\n"));
    }

    [Fact]
    public void WithoutATemplateAGlobalSectionIsWritten()
        => Assert.StartsWith("global:\n  scrape_interval: 5s\nscrape_configs:", PrometheusConfigFile.Render(null, [], TimeSpan.FromSeconds(5)).Replace("\r\n", "\n"));
}
