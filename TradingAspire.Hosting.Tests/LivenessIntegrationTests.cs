using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// <c>WithLivenessProbe</c> on a real process run by Aspire (DCP): a process stopped with SIGSTOP is killed and restarted; a
/// worker whose Redis heartbeat cannot be read because Redis is down is not, nor a module launcher waiting for a change that compiles.
/// </summary>
public sealed class LivenessIntegrationTests() : AspireProcessTests("liveness-")
{
    [Theory]
    [InlineData("/")]  // the probe's own HTTP GET (as the AppHost's gateway and trading-api: /alive)
    [InlineData(null)] // the resource's health checks (as the AppHost's strategy: its Redis heartbeat)
    public async Task Server_stopped_with_SIGSTOP_is_killed_and_restarted_within_the_bound_and_counted_as_a_restart(string? path)
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        var probe = (InitialDelay: TimeSpan.Zero, Period: TimeSpan.FromMilliseconds(500), Timeout: TimeSpan.FromSeconds(1), Threshold: TimeSpan.FromSeconds(3));
        builder.AddExecutable("web", "sh", Root.FullName, "-c", "exec python3 -m http.server \"$PORT\" --bind 127.0.0.1")
            .WithHttpEndpoint(env: "PORT")
            .WithHttpHealthCheck("/")
            .WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(200), maxDelay: TimeSpan.FromSeconds(1))
            .WithLivenessProbe(path, probe.InitialDelay, probe.Period, probe.Timeout, probe.Threshold);
        await using var app = await builder.BuildAsync();
        var stopped = await StartHealthyAsync(app, "web");
        Signal("STOP", stopped);
        var stoppedAt = Stopwatch.StartNew();

        var back = await WaitForAsync(app, "web", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) != stopped,
            "Running with a new pid");
        // Bound: the threshold, one probe period and timeout to notice, the restart delay, and slack for a busy machine.
        var bound = probe.Threshold + probe.Period + probe.Timeout + TimeSpan.FromMilliseconds(200) + TimeSpan.FromSeconds(10);
        Assert.True(stoppedAt.Elapsed < bound, $"restarted {stoppedAt.Elapsed} after SIGSTOP; bound {bound}");
        Assert.Equal(1, ProcessProbe.RestartCount(back));
        Assert.False(Directory.Exists($"/proc/{stopped}"), $"the stopped process {stopped} is still there");
        var line = await PythonIntegrationTests.WaitForLogAsync(app, "web", "Liveness probe failed for");
        Assert.Matches($@"Liveness probe failed for [\d.]+ s \(threshold 3 s\), last: .+\. Killed pid {stopped} and its children \({stopped}\); the restart policy starts it again as after a crash\.$", line);
        Assert.Contains("restart 1 of 3 in 200 ms", await PythonIntegrationTests.WaitForLogAsync(app, "web", "Exited unexpectedly"));

        using var healthyAgain = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("web", healthyAgain.Token);
    }

    [Fact]
    public async Task Worker_whose_Redis_is_stopped_for_longer_than_the_threshold_is_not_killed_and_is_healthy_again_when_Redis_is_back()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        var redis = builder.AddRedisExecutable("redis");
        // The timeout above the heartbeat check's 2 s read bound, as the AppHost's default 5 s is; the threshold well above the
        // time the worker needs to write a fresh heartbeat once Redis is back (a redis-cli started during the outage may write an old one).
        var probe = (InitialDelay: TimeSpan.FromSeconds(3), Period: TimeSpan.FromMilliseconds(250), Timeout: TimeSpan.FromSeconds(2.5),
            Threshold: TimeSpan.FromSeconds(2));
        // As the AppHost's strategy: WaitFor(redis), a heartbeat in Redis with a lifetime (here by redis-cli every 200 ms), probed.
        const string Beat = "\"{\\\"timestamp\\\":\\\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\\\"}\""; // {"timestamp":"2026-12-06T12:00:00Z"}
        builder.AddExecutable("worker", "sh", Root.FullName, "-c", "export REDISCLI_AUTH=\"$REDIS_PASSWORD\"; while :; do " +
                $"redis-cli -h \"$REDIS_HOST\" -p \"$REDIS_PORT\" SET worker:heartbeat {Beat} EX 5 >/dev/null 2>&1; sleep 0.2; done")
            .WithReference(redis).WaitFor(redis)
            .WithRedisHeartbeatHealthCheck(redis, "worker:heartbeat", TimeSpan.FromSeconds(3))
            .WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(200), maxDelay: TimeSpan.FromSeconds(1))
            .WithLivenessProbe(null, probe.InitialDelay, probe.Period, probe.Timeout, probe.Threshold);
        await using var app = await builder.BuildAsync();
        var pid = await StartHealthyAsync(app, "worker");
        var heartbeat = async () => (await app.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Name == "worker_heartbeat", CancellationToken.None)).Entries["worker_heartbeat"];

        var stop = await app.ResourceCommands.ExecuteCommandAsync("redis", KnownResourceCommands.StopCommand);
        Assert.True(stop.Success, stop.Message);
        await WaitForAsync(app, "redis", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), "stopped");

        // Down for as long as a probe that counted the outage would take to kill (two probes, each bounded by the timeout, one
        // period apart, failing for the threshold): the worker keeps its process.
        await AssertStaysAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) == pid,
            probe.Threshold + (2 * (probe.Timeout + probe.Period)), "Running with its pid while Redis is down");
        var unknown = await heartbeat();
        Assert.Equal((HealthStatus.Degraded, "heartbeat at 'worker:heartbeat' unknown: the AppHost is not connected to Redis (not counted by a liveness probe)"),
            (unknown.Status, unknown.Description));

        var start = await app.ResourceCommands.ExecuteCommandAsync("redis", KnownResourceCommands.StartCommand);
        Assert.True(start.Success, start.Message);
        var last = unknown;
        await Poll.UntilAsync(async () => (last = await heartbeat()).Status == HealthStatus.Healthy,
            () => $"the worker's heartbeat is not fresh again after Redis's return: {last.Status} ({last.Description})",
            PythonIntegrationTests.Deadline);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("worker", out var after));
        Assert.Equal((KnownResourceStates.Running, pid, (int?)null),
            (after.Snapshot.State?.Text, ProcessProbe.Pid(after), ProcessProbe.RestartCount(after)));
    }

    [Fact]
    public async Task Module_launcher_waiting_for_a_change_that_compiles_is_not_killed_and_is_probed_again_once_the_module_runs()
    {
        var package = Directory.CreateDirectory(Path.Combine(Root.FullName, "app", "worker")).FullName;
        File.WriteAllText(Path.Combine(package, "__init__.py"), "");
        var main = Path.Combine(package, "__main__.py");
        const string Worker = "import os, signal\nprint(f\"worker pid {os.getpid()}\", flush=True)\nwhile True:\n    signal.pause()\n";
        File.WriteAllText(main, Worker + "def broken(:\n");
        await using var builder = PythonIntegrationTests.CreateBuilder();
        var probe = (InitialDelay: TimeSpan.FromSeconds(1), Period: TimeSpan.FromMilliseconds(250), Timeout: TimeSpan.FromSeconds(1), Threshold: TimeSpan.FromSeconds(1));
        // As the strategy's heartbeat while no module runs, here for good: a probe that counts it kills.
        builder.Services.AddHealthChecks().AddCheck("worker_heartbeat", () => HealthCheckResult.Unhealthy("no heartbeat"));
        builder.AddPythonModule("worker", Path.Combine(Root.FullName, "app"), "worker") // Development: under module_reload
            .WithHealthCheck("worker_heartbeat")
            .WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(200), maxDelay: TimeSpan.FromSeconds(1))
            .WithLivenessProbe(null, probe.InitialDelay, probe.Period, probe.Timeout, probe.Threshold);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        await using var log = new ResourceLogCollector(app, "worker");
        var launcher = ProcessProbe.Pid(await PythonIntegrationTests.WaitForStateAsync(app, "worker", KnownResourceStates.Running));
        await log.WaitForLineAsync(l => l.Contains("worker is stopped until a change compiles", StringComparison.Ordinal), "the launcher waiting",
            PythonIntegrationTests.Deadline);

        // Longer than a probe that counted the wait would take to kill (initial delay, threshold, two probes one period apart).
        await AssertStaysAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) == launcher,
            probe.InitialDelay + probe.Threshold + (2 * (probe.Timeout + probe.Period)), "Running with its pid while the launcher waits");

        File.WriteAllText(main, Worker);
        var started = await log.WaitForLineAsync(l => l.Contains(" worker pid ", StringComparison.Ordinal), "the module started", PythonIntegrationTests.Deadline);
        var worker = started[(started.LastIndexOf(' ') + 1)..];
        var killed = await log.WaitForLineAsync(l => l.Contains("Liveness probe failed for", StringComparison.Ordinal), "the probe's kill", PythonIntegrationTests.Deadline);
        Assert.Matches($@"Liveness probe failed for [\d.]+ s \(threshold 1 s\), last: worker_heartbeat: Unhealthy \(no heartbeat\)\. " +
            $@"Killed pid {launcher} and its children \({launcher}, {worker}\); the restart policy starts it again as after a crash\.$", killed);
    }

    /// <summary>Starts the app, waits until <paramref name="resource"/> is healthy; its pid.</summary>
    private static async Task<int> StartHealthyAsync(DistributedApplication app, string resource)
    {
        await app.StartAsync();
        using var healthy = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, healthy.Token);
        Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var running));
        return ProcessProbe.Pid(running);
    }

    [Fact]
    public async Task Start_up_stops_when_a_probed_resource_has_no_health_check()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddExecutable("sleeper", "sleep", Root.FullName, "300").WithRestartPolicy().WithLivenessProbe();
        await using var app = await builder.BuildAsync();

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync());

        Assert.Equal("'sleeper' has a liveness probe but no health check to probe. Add one before WithLivenessProbe, " +
                     "e.g. .WithHttpHealthCheck(\"/health\").WithLivenessProbe(), give the probe a path, e.g. .WithLivenessProbe(\"/alive\"), or remove WithLivenessProbe.", error.Message);
    }

    private static void Signal(string signal, int pid)
    {
        Assert.True(pid > 0, "no executable.pid in the snapshot");
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
