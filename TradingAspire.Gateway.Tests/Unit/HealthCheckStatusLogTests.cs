namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// ServiceDefaults logs a health check's status when it changes (<see cref="HealthCheckStatusLog"/>), not once per
/// background run: a Redis outage is one error and one recovery line in the dashboard's structured logs, not an error a
/// second. Each run here is what ASP.NET Core's health check publisher does once a second: run every check, then hand
/// the report to every publisher.
/// </summary>
public sealed class HealthCheckStatusLogTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private HealthCheckResult _redis = HealthCheckResult.Healthy();

    [Fact]
    public async Task Five_failing_runs_log_one_error_with_the_reason_and_the_recovery_one_information_line()
    {
        using var host = Build();

        await RunAsync(host, 2);
        _redis = HealthCheckResult.Unhealthy(exception: new InvalidOperationException("It was not possible to connect to the redis server(s)."));
        await RunAsync(host, 5);
        _redis = HealthCheckResult.Healthy();
        await RunAsync(host, 3);

        Assert.Equal(
            [
                (LogLevel.Error, "Health check redis is Unhealthy: It was not possible to connect to the redis server(s)."),
                (LogLevel.Information, "Health check redis is Healthy after 5 s not Healthy (last Unhealthy)"),
            ],
            Lines(host));
        Assert.IsType<InvalidOperationException>(host.Services.GetFakeLogCollector().GetSnapshot().Single(r => r.Level == LogLevel.Error).Exception);
    }

    [Fact]
    public async Task A_check_unhealthy_from_the_first_run_logs_one_warning_and_each_change_after_it_one_line()
    {
        using var host = Build();

        _redis = HealthCheckResult.Unhealthy("Connection refused");
        await RunAsync(host, 3);
        _redis = HealthCheckResult.Degraded("slow PING");
        await RunAsync(host, 3);
        _redis = HealthCheckResult.Unhealthy("Connection refused");
        await RunAsync(host, 2);
        _redis = HealthCheckResult.Healthy();
        await RunAsync(host, 1);

        Assert.Equal(
            [
                (LogLevel.Warning, "Health check redis is Unhealthy at start: Connection refused"),
                (LogLevel.Warning, "Health check redis is Degraded: slow PING"),
                (LogLevel.Error, "Health check redis is Unhealthy: Connection refused"),
                (LogLevel.Information, "Health check redis is Healthy after 8 s not Healthy (last Unhealthy)"), // since the first run
            ],
            Lines(host));
    }

    [Fact]
    public async Task The_recovery_line_counts_from_when_the_check_was_last_Healthy_not_from_its_last_status()
    {
        using var host = Build();

        await RunAsync(host, 2);
        _redis = HealthCheckResult.Unhealthy("Connection refused");
        await RunAsync(host, 3);
        _redis = HealthCheckResult.Degraded("Redis is loading the dataset in memory");
        await RunAsync(host, 4);
        _redis = HealthCheckResult.Healthy();
        await RunAsync(host, 1);

        Assert.Equal(
            [
                (LogLevel.Error, "Health check redis is Unhealthy: Connection refused"),
                (LogLevel.Warning, "Health check redis is Degraded: Redis is loading the dataset in memory"),
                (LogLevel.Information, "Health check redis is Healthy after 7 s not Healthy (last Degraded)"),
            ],
            Lines(host));
    }

    [Fact]
    public async Task A_new_reason_in_the_same_status_logs_one_warning_and_a_changing_number_in_it_is_not_a_new_reason()
    {
        using var host = Build();

        _redis = HealthCheckResult.Unhealthy("Connection refused");
        await RunAsync(host, 2);
        _redis = HealthCheckResult.Unhealthy("WRONGPASS invalid username-password pair");
        await RunAsync(host, 2);
        _redis = HealthCheckResult.Unhealthy("Connection refused"); // logged in this status already
        await RunAsync(host, 2);
        foreach (var age in new[] { 17, 18, 19 })
        {
            _redis = HealthCheckResult.Degraded($"heartbeat at 'strategy:heartbeat' is {age} s old");
            await RunAsync(host, 1);
        }

        _redis = HealthCheckResult.Degraded("Redis is loading the dataset in memory");
        await RunAsync(host, 2);

        Assert.Equal(
            [
                (LogLevel.Warning, "Health check redis is Unhealthy at start: Connection refused"),
                (LogLevel.Warning, "Health check redis is still Unhealthy, now: WRONGPASS invalid username-password pair"),
                (LogLevel.Warning, "Health check redis is Degraded: heartbeat at 'strategy:heartbeat' is 17 s old"),
                (LogLevel.Warning, "Health check redis is still Degraded, now: Redis is loading the dataset in memory"),
            ],
            Lines(host));
    }

    [Fact]
    public async Task A_check_whose_reason_changes_every_run_logs_at_most_the_reasons_allowed_per_status()
    {
        using var host = Build();
        await RunAsync(host, 1);

        foreach (var reason in new[] { "a", "b", "c", "d", "e", "f", "g", "a", "b" })
        {
            _redis = HealthCheckResult.Unhealthy($"timeout on connection {reason}");
            await RunAsync(host, 1);
        }

        Assert.Equal(
            [
                (LogLevel.Error, "Health check redis is Unhealthy: timeout on connection a"),
                (LogLevel.Warning, "Health check redis is still Unhealthy, now: timeout on connection b"),
                (LogLevel.Warning, "Health check redis is still Unhealthy, now: timeout on connection c"),
                (LogLevel.Warning, "Health check redis is still Unhealthy, now: timeout on connection d"),
                (LogLevel.Warning, "Health check redis is still Unhealthy, now: timeout on connection e"),
            ],
            Lines(host));
    }

    [Fact]
    public async Task A_check_unhealthy_from_the_first_run_and_still_so_after_the_start_grace_period_logs_one_error_then()
    {
        using var host = Build();

        _redis = HealthCheckResult.Unhealthy("WRONGPASS invalid username-password pair");
        await RunAsync(host, (int)HealthCheckStatusLog.StartGracePeriod.TotalSeconds); // runs at 0 .. 59 s
        var withinGrace = Lines(host);
        await RunAsync(host, 30); // 60 .. 89 s

        Assert.Equal([(LogLevel.Warning, "Health check redis is Unhealthy at start: WRONGPASS invalid username-password pair")], withinGrace);
        Assert.Equal(
            [
                (LogLevel.Warning, "Health check redis is Unhealthy at start: WRONGPASS invalid username-password pair"),
                (LogLevel.Error, "Health check redis is still Unhealthy 60 s after start: WRONGPASS invalid username-password pair"),
            ],
            Lines(host));
        Assert.All(host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level >= LogLevel.Warning), r => Assert.Equal(HealthCheckStatusLog.Category, r.Category));
    }

    [Fact]
    public async Task ASP_NET_Core_s_line_per_run_is_back_when_configuration_sets_its_level()
    {
        using var host = Build(("Logging:LogLevel:" + HealthCheckStatusLog.PerRunCategory, "Error"));

        _redis = HealthCheckResult.Unhealthy("Connection refused");
        await RunAsync(host, 3);

        Assert.Equal(3, host.Services.GetFakeLogCollector().GetSnapshot().Count(r => r.Category == HealthCheckStatusLog.PerRunCategory && r.Level == LogLevel.Error));
    }

    [Fact]
    public void Every_service_with_the_default_health_checks_publishes_to_the_status_log()
    {
        using var host = Build();

        Assert.Contains(host.Services.GetServices<IHealthCheckPublisher>(), publisher => publisher is HealthCheckStatusLog);
    }

    private IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.AddDefaultHealthChecks();
        builder.Services.AddHealthChecks().AddCheck("redis", () => _redis);
        return builder.Build();
    }

    // As the publisher does (the host is not started: no background run), one run per second of the fake clock.
    private async Task RunAsync(IHost host, int runs)
    {
        var checks = host.Services.GetRequiredService<HealthCheckService>();
        for (var run = 0; run < runs; run++)
        {
            var report = await checks.CheckHealthAsync();
            foreach (var publisher in host.Services.GetServices<IHealthCheckPublisher>())
            {
                await publisher.PublishAsync(report, CancellationToken.None);
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    // Every line at Information or above, of any category: ASP.NET Core's per-run lines would show here.
    private static List<(LogLevel, string)> Lines(IHost host)
        => host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level >= LogLevel.Information).Select(r => (r.Level, r.Message)).ToList();
}
