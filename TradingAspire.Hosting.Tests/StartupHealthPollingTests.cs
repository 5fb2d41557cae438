using System.Collections.Concurrent;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace TradingAspire.Hosting.Tests;

/// <summary>A resource's health check polled closely until Healthy after each start, on a fake clock; and which registrations get it.</summary>
public sealed class StartupHealthPollingTests
{
    private static readonly StartupHealthPolling Polling = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

    [Fact]
    public async Task A_check_that_turns_healthy_is_returned_healthy_at_the_next_interval_within_one_run()
    {
        var clock = new CountingClock();
        var inner = new ScriptedCheck(clock, healthyFrom: TimeSpan.FromMilliseconds(250));
        var check = new StartupPollingHealthCheck(inner, "web_check", Polling, new ConcurrentDictionary<string, bool>(), clock);

        var result = await RunAdvancingAsync(check, clock);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(300), clock.GetUtcNow() - inner.Started);
        Assert.Equal(4, inner.Runs);
    }

    [Fact]
    public async Task A_check_that_stays_unhealthy_returns_its_last_result_once_the_window_has_passed()
    {
        var clock = new CountingClock();
        var inner = new ScriptedCheck(clock, healthyFrom: null);
        var check = new StartupPollingHealthCheck(inner, "web_check", Polling, new ConcurrentDictionary<string, bool>(), clock);

        var result = await RunAdvancingAsync(check, clock);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("not yet (run 11)", result.Description);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), clock.GetUtcNow() - inner.Started);
    }

    [Fact]
    public async Task An_attempt_held_while_the_service_is_down_is_cancelled_after_ten_intervals_and_tried_again()
    {
        var clock = new CountingClock();
        var inner = new HeldCheck(clock, answersFrom: TimeSpan.FromMilliseconds(2350), takes: TimeSpan.Zero); // as DCP's proxy holds a request
        var check = new StartupPollingHealthCheck(inner, "web_check", StartupHealthPolling.Default, new ConcurrentDictionary<string, bool>(), clock);

        var result = await RunAdvancingAsync(check, clock);

        // Held from 0 s, 1.1 s and 2.2 s, each cancelled after 1 s; the attempt at 3.3 s is the first after the service answers.
        Assert.Equal((HealthStatus.Healthy, 4), (result.Status, inner.Runs));
        Assert.Equal(TimeSpan.FromMilliseconds(3300), clock.GetUtcNow() - inner.Started);
    }

    [Fact]
    public async Task A_check_slower_than_the_attempt_bound_but_healthy_is_healthy_in_its_last_attempt_of_the_window()
    {
        var clock = new CountingClock();
        var inner = new HeldCheck(clock, answersFrom: TimeSpan.Zero, takes: TimeSpan.FromMilliseconds(1500));
        var check = new StartupPollingHealthCheck(inner, "web_check", StartupHealthPolling.Default, new ConcurrentDictionary<string, bool>(), clock);

        var result = await RunAdvancingAsync(check, clock);

        // Cancelled after 1 s from 0, 1.1, 2.2 and 3.3 s; from 4.4 s no further attempt fits in the 5 s window: not bounded.
        Assert.Equal((HealthStatus.Healthy, 5), (result.Status, inner.Runs));
        Assert.Equal(TimeSpan.FromMilliseconds(5900), clock.GetUtcNow() - inner.Started);
    }

    [Fact]
    public async Task Once_healthy_an_unhealthy_check_is_returned_after_a_single_run()
    {
        var clock = new CountingClock();
        var ready = new ConcurrentDictionary<string, bool> { ["web_check"] = true };
        var inner = new ScriptedCheck(clock, healthyFrom: null);
        var check = new StartupPollingHealthCheck(inner, "web_check", Polling, ready, clock);

        var result = await check.CheckHealthAsync(Context(check), CancellationToken.None);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(1, inner.Runs);
    }

    [Fact]
    public async Task A_start_of_its_resource_has_a_check_that_was_healthy_polled_closely_again_and_a_start_of_another_does_not()
    {
        var clock = new CountingClock();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.Services.AddSingleton<TimeProvider>(clock);
        var (healthyAt, runs) = (clock.GetUtcNow(), 0); // the inner check: Healthy from healthyAt on the clock
        builder.Services.AddHealthChecks().AddCheck("web_check", () =>
        {
            runs++;
            return clock.GetUtcNow() >= healthyAt ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"not yet (run {runs})");
        });
        var web = builder.AddExecutable("web", "python3", ".").WithHealthCheck("web_check");
        var db = builder.AddExecutable("db", "python3", ".");
        builder.AddStartupHealthPolling(Polling);
        using var app = builder.Build();
        var registration = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single(r => r.Name == "web_check");
        var eventing = app.Services.GetRequiredService<IDistributedApplicationEventing>();
        Assert.Equal(HealthStatus.Healthy, (await RunOnceAsync(registration, app.Services)).Status);

        // Unhealthy later (the process crashed), healthy 250 ms after it starts again: at Aspire's pace until web starts.
        healthyAt = clock.GetUtcNow() + TimeSpan.FromMilliseconds(250);
        await eventing.PublishAsync(new BeforeResourceStartedEvent(db.Resource, app.Services));
        runs = 0;
        Assert.Equal((HealthStatus.Unhealthy, 1), ((await RunOnceAsync(registration, app.Services)).Status, runs));
        await eventing.PublishAsync(new BeforeResourceStartedEvent(web.Resource, app.Services));
        var started = clock.GetUtcNow();
        runs = 0;

        var result = await RunAdvancingAsync(registration.Factory(app.Services), clock);

        Assert.Equal((HealthStatus.Healthy, 4), (result.Status, runs));
        Assert.Equal(TimeSpan.FromMilliseconds(300), clock.GetUtcNow() - started);
    }

    [Fact]
    public async Task A_start_of_a_resource_has_the_checks_of_its_children_and_their_children_polled_closely_again()
    {
        var clock = new CountingClock();
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.Services.AddSingleton<TimeProvider>(clock);
        var healthyAt = clock.GetUtcNow();
        foreach (var name in new[] { "db_check", "schema_check" })
        {
            builder.Services.AddHealthChecks().AddCheck(name, () => clock.GetUtcNow() >= healthyAt ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("not yet"));
        }

        var server = builder.AddExecutable("server", "python3", "."); // started by DCP; its children (a database) never are
        var db = builder.AddResource(new Child("db", server.Resource)).WithHealthCheck("db_check");
        builder.AddResource(new Child("schema", db.Resource)).WithHealthCheck("schema_check");
        builder.AddStartupHealthPolling(Polling);
        using var app = builder.Build();
        var registrations = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Where(r => r.Name is "db_check" or "schema_check").ToList();
        Assert.Equal(2, registrations.Count);
        foreach (var registration in registrations)
        {
            Assert.Equal(HealthStatus.Healthy, (await RunOnceAsync(registration, app.Services)).Status);
        }

        await app.Services.GetRequiredService<IDistributedApplicationEventing>().PublishAsync(new BeforeResourceStartedEvent(server.Resource, app.Services));

        foreach (var registration in registrations)
        {
            healthyAt = clock.GetUtcNow() + TimeSpan.FromMilliseconds(250); // unhealthy until 250 ms after the restart
            var started = clock.GetUtcNow();
            Assert.Equal(HealthStatus.Healthy, (await RunAdvancingAsync(registration.Factory(app.Services), clock)).Status);
            Assert.Equal(TimeSpan.FromMilliseconds(300), clock.GetUtcNow() - started);
        }
    }

    [Fact]
    public async Task A_check_that_throws_counts_as_its_failure_status_and_is_polled_again()
    {
        var clock = new CountingClock();
        var runs = 0;
        var inner = new DelegateCheck(() => ++runs < 3 ? throw new HttpRequestException("Connection refused (127.0.0.1:3000)") : HealthCheckResult.Healthy());
        var check = new StartupPollingHealthCheck(inner, "web_check", Polling, new ConcurrentDictionary<string, bool>(), clock);

        var result = await RunAdvancingAsync(check, clock);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(3, runs);
    }

    [Fact]
    public void Only_the_resources_health_checks_are_wrapped_not_other_registrations()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("web", "python3", ".").WithHttpEndpoint(port: 8080).WithHttpHealthCheck("/health");
        builder.Services.AddHealthChecks().AddCheck("unrelated", () => HealthCheckResult.Healthy());
        builder.AddStartupHealthPolling();
        using var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value;
        var key = Assert.Single(app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "web").Annotations.OfType<HealthCheckAnnotation>()).Key;

        Assert.IsType<StartupPollingHealthCheck>(options.Registrations.Single(r => r.Name == key).Factory(app.Services));
        Assert.IsNotType<StartupPollingHealthCheck>(options.Registrations.Single(r => r.Name == "unrelated").Factory(app.Services));
    }

    [Fact]
    public void A_window_shorter_than_the_interval_is_refused_with_an_example()
    {
        var builder = DistributedApplicationTestingBuilder.Create();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddStartupHealthPolling(new StartupHealthPolling(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500))));

        Assert.StartsWith("AddStartupHealthPolling: interval 00:00:01 and window 00:00:00.5000000; the interval must be greater than zero and the window at least the interval. " +
            "Example: new StartupHealthPolling(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)).", error.Message, StringComparison.Ordinal);
    }

    private static HealthCheckContext Context(IHealthCheck check)
        => new() { Registration = new HealthCheckRegistration("web_check", check, HealthStatus.Unhealthy, tags: null) };

    // One of Aspire's runs of a registration (a new instance each), on a clock that is not moved.
    private static Task<HealthCheckResult> RunOnceAsync(HealthCheckRegistration registration, IServiceProvider services)
        => registration.Factory(services).CheckHealthAsync(new HealthCheckContext { Registration = registration }, CancellationToken.None);

    // Runs the check and moves the fake clock one interval at a time until it returns.
    private static async Task<HealthCheckResult> RunAdvancingAsync(IHealthCheck check, CountingClock clock)
    {
        var seen = clock.Timers;
        var run = check.CheckHealthAsync(Context(check), CancellationToken.None);
        for (var waits = 1; ; waits++)
        {
            Assert.True(waits < 100, "the check did not return within 100 intervals");
            // Either the check returned, or it is waiting on a delay created since the clock was last moved: only then is it moved.
            await Poll.UntilAsync(() => Task.FromResult(run.IsCompleted || clock.Timers > seen), () => $"the check neither returned nor waited a {waits}th time", TimeSpan.FromSeconds(10));
            if (run.IsCompleted)
            {
                return await run;
            }

            seen = clock.Timers;
            clock.Advance(Polling.Interval);
        }
    }

    // A fake clock that counts the timers of one interval created on it (each Task.Delay between attempts, not an attempt's bound).
    private sealed class CountingClock : FakeTimeProvider
    {
        private int _timers;

        public int Timers => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Polling.Interval)
            {
                Interlocked.Increment(ref _timers);
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class ScriptedCheck(CountingClock clock, TimeSpan? healthyFrom) : IHealthCheck
    {
        public DateTimeOffset Started { get; } = clock.GetUtcNow();

        public int Runs { get; private set; }

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Runs++;
            return Task.FromResult(healthyFrom is { } from && clock.GetUtcNow() - Started >= from
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"not yet (run {Runs})"));
        }
    }

    // Started before answersFrom: held until cancelled, one interval at a time on the clock; else Healthy after takes.
    private sealed class HeldCheck(CountingClock clock, TimeSpan answersFrom, TimeSpan takes) : IHealthCheck
    {
        public DateTimeOffset Started { get; } = clock.GetUtcNow();

        public int Runs { get; private set; }

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Runs++;
            var begun = clock.GetUtcNow();
            while (begun - Started < answersFrom || clock.GetUtcNow() - begun < takes)
            {
                await Task.Delay(Polling.Interval, clock, cancellationToken);
            }

            return HealthCheckResult.Healthy();
        }
    }

    private sealed class Child(string name, IResource parent) : Resource(name), IResourceWithParent
    {
        public IResource Parent => parent;
    }

    private sealed class DelegateCheck(Func<HealthCheckResult> run) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(run());
    }
}
