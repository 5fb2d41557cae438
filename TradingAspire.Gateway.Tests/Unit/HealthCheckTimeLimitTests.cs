using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// ServiceDefaults' <c>/health</c> answers within a check's time limit even when the check never completes and ignores
/// cancellation (AspNetCore.HealthChecks.Redis's PINGs take no token: one PING that never completed held /health for
/// 100 s in CI).
/// </summary>
public sealed class HealthCheckTimeLimitTests
{
    [Fact]
    public async Task A_check_that_never_answers_and_ignores_cancellation_is_unhealthy_after_its_time_limit_and_the_others_still_report()
    {
        var never = new TaskCompletionSource<HealthCheckResult>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration("stuck", _ => new DelegateCheck(_ => never.Task), HealthStatus.Unhealthy, tags: null, timeout: TimeSpan.FromMilliseconds(300)))
            .AddCheck("fine", () => HealthCheckResult.Healthy("answers"));
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        using var client = app.GetTestClient();
        client.Timeout = TimeSpan.FromSeconds(30);

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/health");
        var elapsed = clock.Elapsed;

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var report = JsonDocument.Parse(text);
        var checks = report.RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("stuck").GetProperty("status").GetString());
        Assert.Equal("A timeout occurred while running check.", checks.GetProperty("stuck").GetProperty("description").GetString());
        Assert.Equal("Healthy", checks.GetProperty("fine").GetProperty("status").GetString());
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"/health took {elapsed.TotalSeconds:0.0} s: {text}");
        await app.StopAsync();
    }

    [Fact]
    public void A_check_registered_without_a_timeout_gets_five_seconds_one_with_a_timeout_keeps_it_and_the_background_run_outlasts_both()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddDefaultHealthChecks();
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration("unbounded", _ => new DelegateCheck(_ => Task.FromResult(HealthCheckResult.Healthy())), null, null))
            .Add(new HealthCheckRegistration("own", _ => new DelegateCheck(_ => Task.FromResult(HealthCheckResult.Healthy())), null, null, TimeSpan.FromSeconds(2)));
        using var host = builder.Build();

        var registrations = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.ToDictionary(r => r.Name);
        var publisher = host.Services.GetRequiredService<IOptions<HealthCheckPublisherOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(5), registrations["unbounded"].Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), registrations["self"].Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), registrations["own"].Timeout);
        // A background run cancelled before its checks' limits publishes nothing: /health would keep the report from before the hang.
        Assert.True(publisher.Timeout > registrations.Values.Max(r => r.Timeout), $"publisher timeout {publisher.Timeout}");
    }

    [Fact]
    public async Task A_background_report_older_than_eight_seconds_is_not_answered_from_the_checks_run_for_the_request()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-06T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddServiceDefaults();
        builder.Services.Configure<HealthCheckPublisherOptions>(options => options.Delay = TimeSpan.FromHours(1)); // no background run in this test
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        using var client = app.GetTestClient();
        var published = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await app.Services.GetRequiredService<LatestHealthReport>().PublishAsync(published, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(7.9));
        var fresh = await CheckedAtAsync(client);
        time.Advance(TimeSpan.FromSeconds(0.2));
        var stale = await CheckedAtAsync(client);

        Assert.Equal(DateTimeOffset.Parse("2026-12-06T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture), fresh);
        Assert.Equal(time.GetUtcNow(), stale);
        await app.StopAsync();
    }

    private static async Task<DateTimeOffset> CheckedAtAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return report.RootElement.GetProperty("checkedAt").GetDateTimeOffset();
    }

    private sealed class DelegateCheck(Func<CancellationToken, Task<HealthCheckResult>> run) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => run(cancellationToken);
    }
}
