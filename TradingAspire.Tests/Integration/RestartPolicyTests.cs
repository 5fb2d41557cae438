using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class RestartPolicyTests
{
    [Fact]
    public async Task ACrashingProcessIsRestartedWithGrowingDelaysThenFailedToStart()
    {
        using var record = new RecordFile();
        await using var builder = FixtureApplication.CreateBuilder(settings =>
        {
            settings["AppHost:InitialRestartBackoffSeconds"] = "0.5";
            settings["AppHost:MaxRestartBackoffSeconds"] = "5";
            settings["AppHost:MaxRestarts"] = "3";
        });
        builder.AddFixture("crasher", "--exit", "3", "--record", record.Path);
        await using var app = builder.Build();

        await app.StartAsync();
        var failed = await app.ResourceNotifications.WaitForResourceAsync("crasher", KnownResourceStates.FailedToStart).WaitAsync(TimeSpan.FromSeconds(60));

        var starts = record.Read().Where(r => r.Event == "start").Select(r => r.Nanoseconds).ToList();
        Assert.Equal(4, starts.Count);
        // The delays the orchestrator chose double (its decisions, as logged)...
        var decisions = app.ResourceLogs.Tail("crasher", 100).Select(l => l.Text).Where(t => t.StartsWith("[apphost] process exited", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "[apphost] process exited with code 3: exited with code 3; restart 1 of 3 in 0.5 s",
                "[apphost] process exited with code 3: exited with code 3; restart 2 of 3 in 1 s",
                "[apphost] process exited with code 3: exited with code 3; restart 3 of 3 in 2 s",
                "[apphost] process exited with code 3: exited with code 3 after 3 restart(s) within 5 min; the limit is 3",
            ],
            decisions);

        // ...and are honoured: each gap between starts is at least its delay. (A gap also holds the fixture's own
        // start-up time, which varies under load, so gaps are not compared with each other.)
        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a) / 1e9).ToList();
        var observed = string.Join(", ", gaps.Select(g => g.ToString("0.00")));
        Assert.True(gaps[0] >= 0.5 && gaps[1] >= 1.0 && gaps[2] >= 2.0, $"restart delays must be at least 0.5 → 1 → 2 s; gaps were {observed}");
        Assert.Equal(3, failed.Snapshot.RestartCount);
        Assert.Equal(3, failed.Snapshot.ExitCode);
        Assert.StartsWith("crashed too often: exited with code 3 after 3 restart(s)", failed.Snapshot.StateDetail);
    }

    [Fact]
    public async Task ARestartedProcessKeepsItsEndpoint()
    {
        await using var builder = FixtureApplication.CreateBuilder(settings => settings["AppHost:InitialRestartBackoffSeconds"] = "0.1");
        builder.AddFixtureService("api");
        await using var app = builder.Build();
        await app.StartAsync();
        var first = await app.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(TimeSpan.FromSeconds(30));

        Hosting.Orchestration.Processes.PosixSignals.Send(first.Snapshot.ProcessId!.Value, Hosting.Orchestration.Processes.PosixSignals.SIGKILL);
        var second = await app.ResourceNotifications.WaitForResourceAsync(
            "api", e => e.Snapshot.IsHealthy && e.Snapshot.ProcessId != first.Snapshot.ProcessId).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, second.Snapshot.RestartCount);
        Assert.Equal(first.Snapshot.Endpoints, second.Snapshot.Endpoints);
    }
}
