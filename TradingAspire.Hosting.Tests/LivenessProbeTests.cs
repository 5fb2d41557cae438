using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// The liveness decision as a pure function of three times, what counts as a failed probe, the probe loop on a fake clock,
/// and the options' validation.
/// </summary>
public sealed class LivenessProbeTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Default probe: failures count from 30 s after the start, kill after 30 s of them. Times in seconds after the start.</summary>
    private static readonly LivenessProbeAnnotation Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    public static TheoryData<string, int?, int, string> Cases => new()
    {
        { "no failure: alive", null, 600, "alive" },
        { "failing within the initial delay: not counted", 1, 29, "alive" },
        { "failing from the start: counted from the initial delay", 1, 45, "failing 00:00:15" },
        { "failing from the start, threshold reached", 1, 60, "kill after 00:00:30" },
        { "failing since later: counted from the first failure", 50, 79, "failing 00:00:29" },
        { "failing since later, threshold reached", 50, 80, "kill after 00:00:30" },
        { "failing for longer than the threshold", 100, 200, "kill after 00:01:40" },
        { "failure time equal to now: not yet failing", 70, 70, "alive" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_follows_the_table(string because, int? failingSince, int now, string expected)
    {
        var failing = Default.FailingFor(Start, failingSince is { } f ? Start.AddSeconds(f) : null, Start.AddSeconds(now));

        Assert.True(expected == Describe(failing, Default), $"{because}: {Describe(failing, Default)}");
    }

    [Fact]
    public async Task A_probe_that_never_answers_is_killed_after_initial_delay_and_threshold_and_not_before()
    {
        var clock = new FakeTimeProvider(Start);
        var probe = new LivenessProbeAnnotation(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
        var kills = new List<(DateTimeOffset At, string Failure)>();
        var watch = new LivenessWatch(probe, ct => new TaskCompletionSource<string?>().Task, reason => kills.Add((clock.GetUtcNow(), reason)), clock);

        // Probes end at 2, 9, 16, 23 s (2 s without an answer, then a 5 s period); failures count from 10 s.
        var decisions = new List<string>();
        while (decisions.Count == 0 || !decisions[^1].Contains("kill", StringComparison.Ordinal))
        {
            Assert.True(decisions.Count < 10, $"no kill after {decisions.Count} probes: {string.Join(", ", decisions)}");
            var probing = watch.ProbeOnceAsync(CancellationToken.None);
            clock.Advance(probe.Timeout);
            decisions.Add($"{(clock.GetUtcNow() - Start).TotalSeconds} s: {Describe(await probing, probe)}");
            clock.Advance(probe.Period);
        }

        Assert.Equal(["2 s: alive", "9 s: alive", "16 s: failing 00:00:06", "23 s: kill after 00:00:13"], decisions);
        Assert.Equal([(Start.AddSeconds(23), "Liveness probe failed for 13 s (threshold 10 s), last: no answer within 2 s")], kills);
    }

    [Fact]
    public async Task A_success_between_failures_starts_the_failing_time_again()
    {
        var clock = new FakeTimeProvider(Start);
        var probe = new LivenessProbeAnnotation(TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        // Probes at 0, 1, 2 … s: fail four times, succeed once, then fail for good.
        var results = new Queue<string?>(["down", "down", "down", "down", null]);
        var kills = new List<string>();
        var watch = new LivenessWatch(probe, _ => Task.FromResult(results.TryDequeue(out var r) ? r : "HTTP 503"), kills.Add, clock);

        var decisions = new List<string>();
        for (var second = 0; second <= 10; second++, clock.Advance(probe.Period))
        {
            decisions.Add(Describe(await watch.ProbeOnceAsync(CancellationToken.None), probe));
        }

        Assert.Equal(["alive", "failing 00:00:01", "failing 00:00:02", "failing 00:00:03", "alive", "alive", "failing 00:00:01", "failing 00:00:02",
            "failing 00:00:03", "failing 00:00:04", "kill after 00:00:05"], decisions);
        Assert.Equal(["Liveness probe failed for 5 s (threshold 5 s), last: HTTP 503"], kills);
    }

    [Fact]
    public async Task A_healthy_process_is_never_killed()
    {
        var clock = new FakeTimeProvider(Start);
        var watch = new LivenessWatch(Default, _ => Task.FromResult<string?>(null), _ => throw new InvalidOperationException("killed"), clock);

        for (var probes = 0; probes <= 120; probes++, clock.Advance(Default.Period)) // 10 minutes
        {
            Assert.Equal("alive", Describe(await watch.ProbeOnceAsync(CancellationToken.None), Default));
        }
    }

    [Fact]
    public async Task A_process_waiting_on_purpose_is_not_probed_and_its_failing_time_restarts_with_the_initial_delay_when_it_stops_waiting()
    {
        // As the reload launcher: its module runs until 20 s, then a save that does not compile stops it (no child, no
        // heartbeat) until 60 s, longer than initial delay and threshold together; the heartbeat stays missing throughout.
        var clock = new FakeTimeProvider(Start);
        var probe = new LivenessProbeAnnotation(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        double Seconds() => (clock.GetUtcNow() - Start).TotalSeconds;
        var probed = new List<double>();
        var kills = new List<(double At, string Reason)>();
        var watch = new LivenessWatch(probe, _ =>
            {
                probed.Add(Seconds());
                return Task.FromResult<string?>("no heartbeat");
            },
            reason => kills.Add((Seconds(), reason)), clock, module: () => Seconds() switch { < 20 => 101, < 60 => (int?)null, _ => 102 });

        var decisions = new List<string>();
        for (; kills.Count == 0 && Seconds() <= 120; clock.Advance(probe.Period))
        {
            decisions.Add($"{Seconds()} s: {Describe(await watch.ProbeOnceAsync(CancellationToken.None), probe)}");
        }

        Assert.Equal(["0 s: alive", "5 s: alive", "10 s: alive", "15 s: failing 00:00:05", // one probe short of the threshold
            "20 s: alive", "25 s: alive", "30 s: alive", "35 s: alive", "40 s: alive", "45 s: alive", "50 s: alive", "55 s: alive", // waiting
            "60 s: alive", "65 s: alive", "70 s: alive", "75 s: failing 00:00:05", "80 s: kill after 00:00:10"], decisions); // initial delay from 60 s
        Assert.Equal([0, 5, 10, 15, 60, 65, 70, 75, 80], probed);
        Assert.Equal([(80, "Liveness probe failed for 10 s (threshold 10 s), last: no heartbeat")], kills);
    }

    [Fact]
    public async Task A_reload_that_replaces_the_module_process_between_two_probes_restarts_its_failing_time_with_the_initial_delay()
    {
        // As the reload launcher: its module (pid 101) misses its heartbeat from the start, one probe short of the
        // threshold at 15 s; a save then replaces it by pid 102 between two probes (never seen waiting), which has not
        // sent a heartbeat either: it inherits nothing and is killed only after initial delay and threshold from 20 s.
        var clock = new FakeTimeProvider(Start);
        var probe = new LivenessProbeAnnotation(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        double Seconds() => (clock.GetUtcNow() - Start).TotalSeconds;
        var kills = new List<(double At, string Reason)>();
        var watch = new LivenessWatch(probe, _ => Task.FromResult<string?>("no heartbeat"), reason => kills.Add((Seconds(), reason)), clock,
            module: () => Seconds() < 18 ? 101 : 102);

        var decisions = new List<string>();
        for (; kills.Count == 0 && Seconds() <= 120; clock.Advance(probe.Period))
        {
            decisions.Add($"{Seconds()} s: {Describe(await watch.ProbeOnceAsync(CancellationToken.None), probe)}");
        }

        Assert.Equal(["0 s: alive", "5 s: alive", "10 s: alive", "15 s: failing 00:00:05", // pid 101
            "20 s: alive", "25 s: alive", "30 s: alive", "35 s: failing 00:00:05", "40 s: kill after 00:00:10"], decisions); // pid 102
        Assert.Equal([(40, "Liveness probe failed for 10 s (threshold 10 s), last: no heartbeat")], kills);
    }

    [Fact]
    public void A_report_is_a_liveness_failure_only_when_an_entry_is_Unhealthy_naming_only_those()
    {
        static HealthReportEntry Entry(HealthStatus status, string? description) => new(status, description, TimeSpan.Zero, null, null);
        static HealthReport Report(params (string Name, HealthReportEntry Entry)[] entries)
            => new(entries.ToDictionary(e => e.Name, e => e.Entry), TimeSpan.Zero);

        Assert.Null(LivenessMonitor.Failure(Report(("web_check", Entry(HealthStatus.Healthy, null)))));
        Assert.Null(LivenessMonitor.Failure(Report(("strategy_heartbeat", Entry(HealthStatus.Degraded, "Redis is not connected")))));
        Assert.Equal("web_check: Unhealthy (HTTP 503); web_alive: Unhealthy",
            LivenessMonitor.Failure(Report(("web_check", Entry(HealthStatus.Unhealthy, "HTTP 503")),
                ("web_cache", Entry(HealthStatus.Degraded, "Redis is not connected")), ("web_alive", Entry(HealthStatus.Unhealthy, null)))));
    }

    [Theory]
    [InlineData("an outage, the heartbeat back", 600, null)]
    [InlineData("an outage, then no heartbeat: counted from Redis's return", 160, 190)]
    public async Task A_Redis_outage_longer_than_the_threshold_kills_no_worker_a_missing_heartbeat_after_it_does(string because,
        int heartbeatMissingFrom, int? killedAt)
    {
        // The strategy's probe on its heartbeat check: fresh until 40 s, then no heartbeat (hung) for 15 s, then Redis down
        // from 55 s to 160 s (Degraded), then back: the heartbeat fresh again, or missing for good.
        var clock = new FakeTimeProvider(Start);
        var kills = new List<(double At, string Reason)>();
        (HealthStatus, string?) Heartbeat(double second) => second switch
        {
            < 40 => (HealthStatus.Healthy, null),
            < 55 => (HealthStatus.Unhealthy, "no heartbeat at 'strategy:heartbeat' in Redis"),
            < 160 => (HealthStatus.Degraded, "heartbeat at 'strategy:heartbeat' unknown: the AppHost is not connected to Redis (not counted by a liveness probe)"),
            _ when second < heartbeatMissingFrom => (HealthStatus.Healthy, null),
            _ => (HealthStatus.Unhealthy, "no heartbeat at 'strategy:heartbeat' in Redis"),
        };
        double Seconds() => (clock.GetUtcNow() - Start).TotalSeconds;
        var watch = new LivenessWatch(Default, _ => Task.FromResult(LivenessMonitor.Failure(HeartbeatReport(Heartbeat(Seconds())))),
            reason => kills.Add((Seconds(), reason)), clock);

        for (var second = 0; second <= 300 && kills.Count == 0; second += 5, clock.Advance(Default.Period))
        {
            await watch.ProbeOnceAsync(CancellationToken.None);
        }

        List<(double At, string Reason)> expected = killedAt is { } at
            ? [(at, "Liveness probe failed for 30 s (threshold 30 s), last: strategy_heartbeat: Unhealthy " +
                "(no heartbeat at 'strategy:heartbeat' in Redis)")]
            : [];
        Assert.True(expected.SequenceEqual(kills), $"{because}: kills {string.Join(", ", kills)}");
    }

    private static HealthReport HeartbeatReport((HealthStatus Status, string? Description) result)
        => new(new Dictionary<string, HealthReportEntry>
        {
            ["strategy_heartbeat"] = new(result.Status, result.Description, TimeSpan.Zero, null, null),
        }, TimeSpan.Zero);

    [Theory]
    [InlineData(-1, 5, 5, 30, "initialDelay", "-00:00:01", "0 or more", "initialDelay: TimeSpan.FromSeconds(30)")]
    [InlineData(30, 0, 5, 30, "period", "00:00:00", "greater than zero", "period: TimeSpan.FromSeconds(5)")]
    [InlineData(30, 5, 0, 30, "timeout", "00:00:00", "greater than zero", "timeout: TimeSpan.FromSeconds(5)")]
    [InlineData(30, 5, 5, 0, "failureThreshold", "00:00:00", "greater than zero", "failureThreshold: TimeSpan.FromSeconds(30)")]
    public void Invalid_options_name_the_parameter_the_range_and_an_example(int initialDelay, int period, int timeout, int threshold, string parameter,
        string value, string expected, string example)
    {
        using var builder = DistributedApplicationTestingBuilder.Create();
        var web = builder.AddExecutable("web", "sleep", ".", "1").WithRestartPolicy();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => web.WithLivenessProbe(null, TimeSpan.FromSeconds(initialDelay), TimeSpan.FromSeconds(period),
            TimeSpan.FromSeconds(timeout), TimeSpan.FromSeconds(threshold)));

        Assert.Equal(parameter, error.ParamName);
        Assert.Equal($"WithLivenessProbe: {parameter} is {value}; expected {expected}. Example: .WithLivenessProbe({example}). (Parameter '{parameter}')", error.Message);
    }

    [Fact]
    public void A_probe_without_a_restart_policy_stops_start_up_naming_the_fix()
    {
        using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("web", "sleep", ".", "1").WithHttpEndpoint().WithLivenessProbe("/alive");
        using var app = builder.Build();

        var error = Assert.Throws<DistributedApplicationException>(() => LivenessMonitor.Validate(app.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>()));

        Assert.Equal("'web' has a liveness probe but no restart policy: a process killed by the probe would stay down. " +
                     "Add one, e.g. .WithRestartPolicy().WithLivenessProbe().", error.Message);
    }

    private static string Describe(TimeSpan failing, LivenessProbeAnnotation probe)
        => failing <= TimeSpan.Zero ? "alive" : failing < probe.FailureThreshold ? $"failing {failing}" : $"kill after {failing}";
}
