using System.Text.Json;

namespace TradingAspire.Hosting.Tests;

/// <summary>postgres_exporter and redis_exporter run by Aspire (DCP) beside real servers, scraped by a real Prometheus.</summary>
[Trait("Category", "Integration")]
[Collection("Aspire processes")] // one DCP at a time: parallel runs on 2 cores would stretch start-up times
public sealed class PrometheusExporterIntegrationTests(ExporterSystem system) : IClassFixture<ExporterSystem>
{
    private DistributedApplication App => system.App;

    private async Task<string> MetricsAsync(string exporter, CancellationToken cancellationToken)
    {
        using var client = App.CreateHttpClient(exporter, PrometheusExporterBuilderExtensions.HttpEndpointName);
        return await client.GetStringAsync("/metrics", cancellationToken);
    }

    private async Task WaitForHealthyAsync(string resource)
    {
        using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
    }

    private static bool HasSample(string metrics, string sample)
        => metrics.Split('\n').Any(line => line.Trim() == sample);

    [Theory]
    [InlineData("postgres-exporter", "pg_up 1")]
    [InlineData("redis-exporter", "redis_up 1")]
    public async Task The_exporter_reports_its_server_up(string exporter, string sample)
    {
        await WaitForHealthyAsync(exporter);
        using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);

        var metrics = await MetricsAsync(exporter, deadline.Token);

        Assert.True(HasSample(metrics, sample), $"{exporter}'s /metrics has no line '{sample}':\n{string.Join('\n', metrics.Split('\n').Where(l => l.Contains("_up", StringComparison.Ordinal)))}");
    }

    [Fact]
    public async Task Prometheus_scrapes_both_exporters_as_healthy_targets_and_has_the_servers_up()
    {
        await WaitForHealthyAsync("prometheus");
        using var client = App.CreateHttpClient("prometheus", "http");
        var health = new Dictionary<string, string>();

        // Scraped every 5 s: polled until both targets have been scraped successfully.
        await Poll.UntilAsync(async () =>
        {
            using var targets = JsonDocument.Parse(await client.GetStringAsync("/api/v1/targets?state=active"));
            health = targets.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                .ToDictionary(t => t.GetProperty("labels").GetProperty("job").GetString()!, t => t.GetProperty("health").GetString()!);
            return health.GetValueOrDefault("postgres-exporter") == "up" && health.GetValueOrDefault("redis-exporter") == "up";
        }, () => $"Prometheus's targets: {string.Join(", ", health.Select(h => $"{h.Key}={h.Value}"))}", PythonIntegrationTests.Deadline);

        foreach (var (query, job) in new[] { ("pg_up", "postgres-exporter"), ("redis_up", "redis-exporter") })
        {
            using var answer = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/query?query={query}"));
            var sample = Assert.Single(answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray());
            Assert.Equal(job, sample.GetProperty("metric").GetProperty("job").GetString());
            Assert.Equal("1", sample.GetProperty("value")[1].GetString());
        }
    }

    [Theory]
    [InlineData("postgres-exporter", "DATA_SOURCE_PASS")]
    [InlineData("redis-exporter", "REDIS_PASSWORD")]
    public async Task The_exporter_gets_the_password_by_environment_not_command_line_and_listens_on_loopback_only(string exporter, string variable)
    {
        await WaitForHealthyAsync(exporter);
        var password = exporter.StartsWith("postgres", StringComparison.Ordinal) ? system.Postgres.PasswordParameter : system.Redis.PasswordParameter;
        var secret = await password.GetValueAsync(CancellationToken.None);
        var pid = ProcessId(exporter);

        var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
        var environment = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0');

        Assert.DoesNotContain(secret!, commandLine);
        Assert.Contains($"{variable}={secret}", environment);
        var listen = System.Text.RegularExpressions.Regex.Match(commandLine, @"-web\.listen-address=127\.0\.0\.1:(\d+) ");
        Assert.True(listen.Success, $"no listen address on 127.0.0.1 in: {commandLine}");
        var port = int.Parse(listen.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([("127.0.0.1", pid)], PortListeners.On(port).Select(l => (l.Address, l.Pid)).Distinct());
    }

    [Fact]
    public async Task A_missing_exporter_executable_fails_to_start_naming_the_apt_get_line()
    {
        await PythonIntegrationTests.WaitForStateAsync(App, ExporterSystem.MissingExporter, KnownResourceStates.FailedToStart);

        var line = await PythonIntegrationTests.WaitForLogAsync(App, ExporterSystem.MissingExporter, "apt-get install");

        Assert.EndsWith(
            $"Resource '{ExporterSystem.MissingExporter}' cannot start: '/nonexistent/bin/prometheus-redis-exporter' is not installed (not found on PATH). " +
            "Install it with: apt-get install -y prometheus-redis-exporter",
            line);
    }

    private int ProcessId(string resource)
        => App.ResourceNotifications.TryGetCurrentState(resource, out var state)
            && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"'{resource}' has no executable.pid property yet.");
}
