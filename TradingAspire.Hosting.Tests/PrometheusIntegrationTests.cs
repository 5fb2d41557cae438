namespace TradingAspire.Hosting.Tests;

/// <summary>Prometheus run by Aspire (DCP).</summary>
public sealed class PrometheusIntegrationTests() : AspireProcessTests("promrun-")
{
    [Fact]
    public async Task A_missing_prometheus_executable_fails_to_start_naming_the_apt_get_line()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.Configuration["TradingAspire:StateDirectory"] = Root.FullName;
        builder.AddPrometheus("prometheus", port: null).WithCommand("/nonexistent/bin/prometheus");
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        await PythonIntegrationTests.WaitForStateAsync(app, "prometheus", KnownResourceStates.FailedToStart);
        var line = await PythonIntegrationTests.WaitForLogAsync(app, "prometheus", "apt-get install -y prometheus");
        Assert.Contains("'/nonexistent/bin/prometheus' is not installed", line);
    }
}
