using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;

namespace TradingAspire.Hosting.Tests;

/// <summary><c>WithRestartPolicy</c> on real processes run by Aspire (DCP): crashes come back, crash loops stop, stops stay.</summary>
public sealed class RestartIntegrationTests() : AspireProcessTests("restart-")
{
    /// <summary>
    /// A crash is restarted, also after a restart command that stopped nothing; the exit of a restart command that stopped
    /// the process and then failed is not a crash, also when seen after the command's failure (its stop waited for the
    /// process's end, DCP's report of it follows). Neither is the exit of a restart cancelled while its stop waited for a process
    /// that shuts down slowly, nor the exits of two restarts at once.
    /// </summary>
    [Fact]
    public async Task Executable_killed_with_SIGKILL_comes_back_also_after_a_restart_command_that_stopped_nothing_unlike_one_stopped_by_a_failed_restart()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        var stopThenFail = false;
        SemaphoreSlim? oneAtATime = null;
        ReplaceRestartCommand(builder, "sleeper", async (aspire, context) =>
        {
            if (Volatile.Read(ref oneAtATime) is { } gate)
            {
                // Restarts run one after the other, each until its process is Running (after the exit before it), all told the supervisor first.
                await gate.WaitAsync(context.CancellationToken);
                try
                {
                    var result = await aspire(context);
                    await context.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceAsync("sleeper", KnownResourceStates.Running,
                        context.CancellationToken).WaitAsync(PythonIntegrationTests.Deadline, context.CancellationToken);
                    return result;
                }
                finally
                {
                    gate.Release();
                }
            }

            if (!Volatile.Read(ref stopThenFail))
            {
                return await aspire(context);
            }

            // As Aspire's restart whose stop succeeded (it returns once DCP has reaped the process) and whose start failed.
            Assert.True(context.Services.GetRequiredService<ResourceNotificationService>().TryGetCurrentState(context.ResourceName, out var current));
            var pid = ProcessProbe.Pid(current);
            ProcessProbe.Kill9(pid);
            await Poll.UntilAsync(() => Task.FromResult(!Directory.Exists($"/proc/{pid}")), () => $"pid {pid} was not reaped", TimeSpan.FromSeconds(10));
            return CommandResults.Failure("the start failed");
        });
        // Shuts down slowly: on SIGTERM it exits once the test creates the file 'release'.
        builder.AddExecutable("graceful", "sh", Root.FullName, "-c", "trap 'until [ -e release ]; do sleep 0.05; done; exit 0' TERM; while :; do sleep 1 & wait $!; done")
            .WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(200));
        var (app, first) = await StartSupervisedSleeperAsync(builder, "sleeper");
        await using var _ = app;
        var graceful = ProcessProbe.Pid(await PythonIntegrationTests.WaitForStateAsync(app, "graceful", KnownResourceStates.Running));
        using (var caller = new CancellationTokenSource())
        {
            // Aspire's restart, cancelled while its stop waits for the process's end (DCP shows Stopping): the command ends, the process still runs.
            var restart = app.ResourceCommands.ExecuteCommandAsync("graceful", KnownResourceCommands.RestartCommand, caller.Token);
            await WaitForAsync(app, "graceful", e => e.Snapshot.State?.Text == KnownResourceStates.Stopping, "Stopping (the restart's stop began)");
            await caller.CancelAsync();
            var result = await restart;
            Assert.True(result.Canceled, $"the restart command was not cancelled: success {result.Success}, {result.Message}");
            Assert.True(ProcessProbe.IsAlive(graceful), $"pid {graceful} ended before it was released");
        }

        await File.WriteAllTextAsync(Path.Combine(Root.FullName, "release"), "");
        await PythonIntegrationTests.WaitForStateAsync(app, "graceful", PythonIntegrationTests.EndedStates);
        var gracefulStays = AssertStaysAsync(app, "graceful", e => PythonIntegrationTests.EndedStates.Contains(e.Snapshot.State?.Text) && ProcessProbe.RestartCount(e) is null,
            TimeSpan.FromSeconds(2), "down after the cancelled restart's stop, not restarted"); // checked with the sleeper's below
        // Aspire's restart, cancelled before it stopped anything (the caller gone): no exit follows, so the crash below is a crash.
        var cancelled = await app.ResourceCommands.ExecuteCommandAsync("sleeper", KnownResourceCommands.RestartCommand, new CancellationToken(canceled: true));
        Assert.True(cancelled.Canceled, $"the restart command was not cancelled: success {cancelled.Success}, {cancelled.Message}");
        Assert.True(ProcessProbe.IsAlive(first), $"pid {first} ended although the restart command was cancelled");
        ProcessProbe.Kill9(first);

        var back = await WaitForAsync(app, "sleeper", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) != first,
            $"Running with a pid other than {first}");
        Assert.True(ProcessProbe.IsAlive(ProcessProbe.Pid(back)), $"the new pid {ProcessProbe.Pid(back)} is not a live process");
        Assert.Equal(1, ProcessProbe.RestartCount(back));
        Assert.Contains("restart 1 of 3 in 200 ms", await LogLineAsync(app, "sleeper", "Exited unexpectedly"));

        // Two restarts at once (run one after the other here) stop it twice: neither exit is a crash, so the next decision
        // logged is the kill's below (on a fresh budget: the restarts started it), none before it.
        using (var gate = new SemaphoreSlim(1))
        {
            Volatile.Write(ref oneAtATime, gate);
            var restarts = await Task.WhenAll(app.ResourceCommands.ExecuteCommandAsync("sleeper", KnownResourceCommands.RestartCommand),
                app.ResourceCommands.ExecuteCommandAsync("sleeper", KnownResourceCommands.RestartCommand));
            Assert.All(restarts, r => Assert.True(r.Success, r.Message));
            Volatile.Write(ref oneAtATime, null);
        }

        var restarted = ProcessProbe.Pid(await WaitForAsync(app, "sleeper",
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) != ProcessProbe.Pid(back), "Running after the two restarts"));
        var killedAt = DateTimeOffset.UtcNow;
        ProcessProbe.Kill9(restarted);
        await WaitForRunningAsync(app, "sleeper", restarted, restartCount: 2);
        var decision = (await LogLinesAsync(app, "sleeper", "Exited unexpectedly", 2))[1];
        Assert.True(DateTimeOffset.Parse(decision[..decision.IndexOf(' ')], CultureInfo.InvariantCulture) >= killedAt,
            $"an exit of the two restarts was taken for a crash: {decision}");
        Assert.Contains("restart 1 of 3 in 200 ms", decision);

        Volatile.Write(ref stopThenFail, true);
        var failed = await app.ResourceCommands.ExecuteCommandAsync("sleeper", KnownResourceCommands.RestartCommand);
        Assert.Equal((false, "the start failed"), (failed.Success, failed.Message));
        await PythonIntegrationTests.WaitForStateAsync(app, "sleeper", PythonIntegrationTests.EndedStates);
        // Left down by the failed restart: a crash would show the policy's decision (Restarting in 400 ms) at once, and restart it within 2 s.
        await AssertStaysAsync(app, "sleeper", e => PythonIntegrationTests.EndedStates.Contains(e.Snapshot.State?.Text) && ProcessProbe.RestartCount(e) == 2,
            TimeSpan.FromSeconds(2), "down after the failed restart, not restarted");
        await gracefulStays;
    }

    [Fact]
    public async Task Process_that_exits_at_once_is_restarted_with_growing_delays_then_left_down()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddExecutable("crasher", "sh", Root.FullName, "-c", "exit 1")
            .WithRestartPolicy(maxRestarts: 3, window: TimeSpan.FromMinutes(1), initialDelay: TimeSpan.FromMilliseconds(250),
                maxDelay: TimeSpan.FromMilliseconds(600));
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        var down = await WaitForAsync(app, "crasher", e => e.Snapshot.State?.Text?.StartsWith("Crashed", StringComparison.Ordinal) == true,
            "the give-up state text");

        Assert.Equal("Crashed 4 times in 1 min: not restarted (start it from the dashboard or `aspire resource crasher start`)",
            down.Snapshot.State?.Text);
        Assert.Equal(KnownResourceStateStyles.Error, down.Snapshot.State?.Style);
        Assert.Equal(3, ProcessProbe.RestartCount(down));
        var decided = (await LogLinesAsync(app, "crasher", "Exited unexpectedly", 4)).Select(Decision).ToList();
        Assert.Equal(["restart 1 of 3 in 250 ms", "restart 2 of 3 in 500 ms", "restart 3 of 3 in 600 ms", "Crashed 4 times in 1 min: not restarted"],
            decided);

        // Left down: no start follows the decision (checked for 10 × the largest delay), and the dashboard offers Start.
        await AssertStaysAsync(app, "crasher", e => e.Snapshot.State?.Text == down.Snapshot.State?.Text && ProcessProbe.RestartCount(e) == 3,
            TimeSpan.FromSeconds(6), "left down with the give-up text");
        Assert.Equal(ResourceCommandState.Enabled, down.Snapshot.Commands.Single(c => c.Name == KnownResourceCommands.StartCommand).State);
        Assert.Equal(ResourceCommandState.Hidden, down.Snapshot.Commands.Single(c => c.Name == KnownResourceCommands.StopCommand).State);

        // Started by hand, it gets a fresh budget: its next crash is restart 1 again.
        var start = await app.ResourceCommands.ExecuteCommandAsync("crasher", KnownResourceCommands.StartCommand);
        Assert.True(start.Success, start.Message);
        await WaitForAsync(app, "crasher", e => e.Snapshot.State?.Text == "Restarting in 250 ms (restart 1 of 3)" || ProcessProbe.RestartCount(e) > 3,
            "restart 1 of 3 after the manual start");
    }

    [Fact]
    public async Task Process_exiting_with_a_code_of_preventRestartExitCodes_is_left_down_at_once_saying_why()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.Services.AddFakeLogging();
        builder.AddExecutable("misconfigured", "sh", Root.FullName, "-c",
                "echo 'Starting'; echo 'Traceback line' >&2; echo 'Loaded settings'; printf '\\033[31mSetting:Key is bad\\033[0m\\n' >&2; echo 'The service did not start.' >&2; exit 2")
            .WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(250), preventRestartExitCodes: [2]);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        var down = await WaitForAsync(app, "misconfigured", e => e.Snapshot.State?.Text?.StartsWith("Exited with code", StringComparison.Ordinal) == true,
            "the left-down state text");

        Assert.Equal("Exited with code 2: not restarted, a restart would fail the same way (start it from the dashboard or `aspire resource misconfigured start`)",
            down.Snapshot.State?.Text);
        Assert.Equal(KnownResourceStateStyles.Error, down.Snapshot.State?.Style);
        Assert.Null(ProcessProbe.RestartCount(down));
        // No start follows (checked for 10 × the initial delay), and the dashboard offers Start.
        await AssertStaysAsync(app, "misconfigured", e => e.Snapshot.State?.Text == down.Snapshot.State?.Text && ProcessProbe.RestartCount(e) is null,
            TimeSpan.FromMilliseconds(2500), "left down with the exit code's text");
        Assert.Equal(ResourceCommandState.Enabled, down.Snapshot.Commands.Single(c => c.Name == KnownResourceCommands.StartCommand).State);
        // The AppHost's console says why, in the service's own words: its error output (stderr), in order, not its stdout, without colour codes.
        IEnumerable<string> console = [];
        await Poll.UntilAsync(() => Task.FromResult((console = app.Services.GetFakeLogCollector().GetSnapshot()
                .Where(r => r.Category == "TradingAspire.Hosting.RestartSupervisor").Select(r => r.Message).ToList()).Any()),
            () => "the AppHost logged nothing about the exit", TimeSpan.FromSeconds(10));
        Assert.Equal(
            $"{down.ResourceId}: {down.Snapshot.State?.Text}. Its error output:{Environment.NewLine}  Traceback line{Environment.NewLine}  Setting:Key is bad{Environment.NewLine}  The service did not start.",
            Assert.Single(console));
    }

    [Fact]
    public async Task Stop_through_the_stop_command_stays_stopped_and_a_later_start_is_supervised_again_and_each_restart_is_seen_healthy_at_once()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        var checks = AddReadinessCountedPerPid(builder, "worker");
        var (app, initial) = await StartSupervisedSleeperAsync(builder, "worker", "worker_ready");
        await using var _ = app;

        // The restart command stops then starts: that exit is not a crash either.
        var restart = await app.ResourceCommands.ExecuteCommandAsync("worker", KnownResourceCommands.RestartCommand);
        Assert.True(restart.Success, restart.Message);
        var first = ProcessProbe.Pid(await WaitForAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) != initial
            && e.Snapshot.HealthStatus == HealthStatus.Healthy, "Running and Healthy again after the restart command"));
        var checkedFirst = checks[first]; // Aspire runs the check again when the stop below changes the state
        await AssertStaysAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) == first && ProcessProbe.RestartCount(e) is null,
            TimeSpan.FromSeconds(1), "running the process the restart command started, with no automatic restart");

        var stop = await app.ResourceCommands.ExecuteCommandAsync("worker", KnownResourceCommands.StopCommand);
        Assert.True(stop.Success, stop.Message);
        await PythonIntegrationTests.WaitForStateAsync(app, "worker", PythonIntegrationTests.EndedStates);
        Assert.False(ProcessProbe.IsAlive(first), $"pid {first} still runs after the stop");

        // 15 × the initial delay: a restart would have happened well within this.
        await AssertStaysAsync(app, "worker", e => PythonIntegrationTests.EndedStates.Contains(e.Snapshot.State?.Text) && ProcessProbe.RestartCount(e) is null,
            TimeSpan.FromSeconds(3), "stopped, with no automatic restart");

        var start = await app.ResourceCommands.ExecuteCommandAsync("worker", KnownResourceCommands.StartCommand);
        Assert.True(start.Success, start.Message);
        var second = ProcessProbe.Pid(await WaitForAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) != first,
            "Running again after the start command"));
        ProcessProbe.Kill9(second);
        var third = ProcessProbe.Pid(await WaitForAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) != second
            && ProcessProbe.RestartCount(e) == 1 && e.Snapshot.HealthStatus == HealthStatus.Healthy, "restarted and Healthy after a crash that followed the manual start"));

        // AddStartupHealthPolling: the check, answering from its 3rd call to a process, is Healthy in the first of Aspire's runs
        // after a restart by command and by the policy (polled closely), not in the 3rd after 1 s and 2 s of back-off.
        Assert.Equal([(1, 3), (1, 3)], [checkedFirst, checks[third]]);
    }

    /// <summary>
    /// Adds <c>AddStartupHealthPolling</c> and a health check <c>{name}_ready</c> of <paramref name="name"/> that is Healthy from its
    /// 3rd call to a process (a service that takes a moment to answer); returns Aspire's runs of it (each a new instance) and the calls, per pid.
    /// </summary>
    private static ConcurrentDictionary<int, (int Runs, int Calls)> AddReadinessCountedPerPid(IDistributedApplicationTestingBuilder builder, string name)
    {
        var byPid = new ConcurrentDictionary<int, (int Runs, int Calls)>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"{name}_ready", services =>
        {
            var notifications = services.GetRequiredService<ResourceNotificationService>();
            int Pid() => notifications.TryGetCurrentState(name, out var e) ? ProcessProbe.Pid(e) : 0;
            byPid.AddOrUpdate(Pid(), (1, 0), (_, c) => (c.Runs + 1, c.Calls));
            return new CountedCheck(() => byPid.AddOrUpdate(Pid(), (0, 1), (_, c) => (c.Runs, c.Calls + 1)).Calls >= 3);
        }, HealthStatus.Unhealthy, tags: null));
        builder.AddStartupHealthPolling();
        return byPid;
    }

    /// <summary>Replaces the restart command Aspire adds to <paramref name="name"/> (before the restart policy wraps it) by <paramref name="execute"/>,
    /// which gets Aspire's command to run.</summary>
    private static void ReplaceRestartCommand(IDistributedApplicationTestingBuilder builder, string name,
        Func<Func<ExecuteCommandContext, Task<ExecuteCommandResult>>, ExecuteCommandContext, Task<ExecuteCommandResult>> execute)
    {
        var replaced = false;
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>((e, _) =>
        {
            var annotations = e.Resource.Annotations;
            if (e.Resource.Name == name && !replaced && annotations.OfType<ResourceCommandAnnotation>().SingleOrDefault(c => c.Name == KnownResourceCommands.RestartCommand) is { } aspire)
            {
                annotations[annotations.IndexOf(aspire)] = new ResourceCommandAnnotation(aspire.Name, aspire.DisplayName, aspire.UpdateState, c => execute(aspire.ExecuteCommand, c),
                    aspire.DisplayDescription, aspire.Arguments, aspire.ConfirmationMessage, aspire.IconName, aspire.IconVariant, aspire.IsHighlighted, aspire.Visibility,
                    aspire.ValidateArguments);
                replaced = true;
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Starts <c>sleep 300</c> as <paramref name="name"/> with a restart policy of 200 ms doubling to 1 s (and <paramref name="healthCheck"/>);
    /// returns the app and the pid once Running.</summary>
    private async Task<(DistributedApplication App, int Pid)> StartSupervisedSleeperAsync(IDistributedApplicationTestingBuilder builder, string name,
        string? healthCheck = null)
    {
        var sleeper = builder.AddExecutable(name, "sleep", Root.FullName, "300").WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(200), maxDelay: TimeSpan.FromSeconds(1));
        if (healthCheck is not null)
        {
            sleeper.WithHealthCheck(healthCheck);
        }

        var app = await builder.BuildAsync();
        try
        {
            await app.StartAsync();
            return (app, ProcessProbe.Pid(await PythonIntegrationTests.WaitForStateAsync(app, name, KnownResourceStates.Running)));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private sealed class CountedCheck(Func<bool> healthy) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
            => Task.FromResult(healthy() ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("not answering yet"));
    }

    /// <summary>"restart 2 of 3 in 500 ms" or the give-up reason, from a supervisor log line.</summary>
    private static string Decision(string line)
    {
        var restart = line.IndexOf("restart ", StringComparison.Ordinal);
        var crashed = line.IndexOf("Crashed ", StringComparison.Ordinal);
        return crashed >= 0 ? line[crashed..(line.IndexOf(" (start it", StringComparison.Ordinal))] : line[restart..].TrimEnd('.');
    }

    private static async Task<string> LogLineAsync(DistributedApplication app, string resource, string fragment)
        => (await LogLinesAsync(app, resource, fragment, 1))[0];

    /// <summary>The first <paramref name="count"/> log lines of <paramref name="resource"/> containing <paramref name="fragment"/>.</summary>
    private static async Task<List<string>> LogLinesAsync(DistributedApplication app, string resource, string fragment, int count)
    {
        using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        var found = new List<string>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        try
        {
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(model).WithCancellation(deadline.Token))
            {
                found.AddRange(batch.Select(l => l.Content).Where(c => c.Contains(fragment, StringComparison.Ordinal)));
                if (found.Count >= count)
                {
                    return found.Take(count).ToList();
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"Expected {count} log lines of '{resource}' containing \"{fragment}\"; found:\n{string.Join('\n', found)}");
    }
}
