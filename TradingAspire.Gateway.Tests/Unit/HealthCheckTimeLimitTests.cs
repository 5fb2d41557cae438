using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
    public void A_check_registered_without_a_timeout_gets_five_seconds_and_one_with_a_timeout_keeps_it()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddDefaultHealthChecks();
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration("unbounded", _ => new DelegateCheck(_ => Task.FromResult(HealthCheckResult.Healthy())), null, null))
            .Add(new HealthCheckRegistration("own", _ => new DelegateCheck(_ => Task.FromResult(HealthCheckResult.Healthy())), null, null, TimeSpan.FromSeconds(2)));
        using var host = builder.Build();

        var registrations = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.ToDictionary(r => r.Name);

        Assert.Equal(TimeSpan.FromSeconds(5), registrations["unbounded"].Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), registrations["self"].Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), registrations["own"].Timeout);
    }

    private sealed class DelegateCheck(Func<CancellationToken, Task<HealthCheckResult>> run) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => run(cancellationToken);
    }
}
