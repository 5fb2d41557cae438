namespace TradingAspire.Hosting.Tests;

/// <summary>
/// <c>WithRestartPolicy</c> on a real process run by Aspire (DCP) that <c>WaitFor</c>s another: a crash while the dependency
/// is stopped waits for it to run again, then restarts; Stop cancels that wait.
/// </summary>
public sealed class RestartWaitForIntegrationTests() : AspireProcessTests("restart-waitfor-")
{
    private const string Waiting = "Waiting for 'store' to run again (restart 1 of 3)";

    [Fact]
    public async Task Crash_while_its_dependency_is_stopped_waits_for_it_to_run_again_then_restarts_and_stop_cancels_the_wait()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        await using var app = await BuildAsync(builder);

        // The dependency is stopped, then the worker crashes: it waits, visibly, and is not left down.
        var (first, waiting) = await CrashWhileStoreIsStoppedAsync(app);
        Assert.Equal(Waiting, waiting.Snapshot.State?.Text);
        Assert.Equal(KnownResourceStateStyles.Warn, waiting.Snapshot.State?.Style);
        Assert.Equal(ResourceCommandState.Enabled, waiting.Snapshot.Commands.Single(c => c.Name == KnownResourceCommands.StopCommand).State);
        await AssertStaysAsync(app, "worker", e => e.Snapshot.State?.Text == Waiting && ProcessProbe.RestartCount(e) is null,
            TimeSpan.FromSeconds(1), "waiting for 'store' (5 × the restart delay)");

        // The dependency runs again: the worker restarts, as a new process.
        await StartAsync(app, "store");
        var back = await WaitForAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) != first,
            $"Running with a pid other than {first}");
        Assert.True(ProcessProbe.IsAlive(ProcessProbe.Pid(back)), $"the new pid {ProcessProbe.Pid(back)} is not a live process");
        Assert.Equal(1, ProcessProbe.RestartCount(back));

        // Again, but Stop on the waiting worker cancels the wait: it stays stopped when the dependency runs again.
        await StopAsync(app, "store");
        ProcessProbe.Kill9(ProcessProbe.Pid(back));
        const string WaitingAgain = "Waiting for 'store' to run again (restart 2 of 3)";
        await WaitForAsync(app, "worker", e => e.Snapshot.State?.Text == WaitingAgain || RestartStateText.IsGaveUp(e.Snapshot.State?.Text),
            "the waiting state text of restart 2");
        await StopAsync(app, "worker");
        await StartAsync(app, "store");
        await AssertStaysAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Finished && ProcessProbe.RestartCount(e) == 1,
            TimeSpan.FromSeconds(1), "stopped, the restart cancelled");
    }

    [Fact]
    public async Task Start_pressed_while_it_waits_is_the_one_start_and_Aspire_s_wait_for_the_dependency_is_kept()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        // As with the dashboard on (Aspire's default then): the start command waits for a stopped dependency instead of failing.
        builder.Services.Configure<ResourceNotificationServiceOptions>(o => o.DefaultWaitBehavior = WaitBehavior.WaitOnResourceUnavailable);
        await using var app = await BuildAsync(builder);
        var (first, _) = await CrashWhileStoreIsStoppedAsync(app);

        // The operator's Start: Aspire's own wait for 'store' (state Waiting) takes over; the restart policy starts nothing more.
        var start = app.ResourceCommands.ExecuteCommandAsync("worker", KnownResourceCommands.StartCommand);
        await WaitForAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Waiting, "Aspire's Waiting after Start");
        await StartAsync(app, "store");
        var result = await start;
        Assert.True(result.Success, result.Message);

        var back = await WaitForAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) != first,
            $"Running with a pid other than {first}");
        await AssertStaysAsync(app, "worker", e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) == ProcessProbe.Pid(back)
            && ProcessProbe.RestartCount(e) is null, TimeSpan.FromSeconds(1), "Running, started once, by the operator (no restart counted)");
    }

    /// <summary>Started: <c>store</c>, and <c>worker</c>, which waits for it, with a restart policy (200 ms first delay).</summary>
    private async Task<DistributedApplication> BuildAsync(IDistributedApplicationTestingBuilder builder)
    {
        var store = builder.AddExecutable("store", "sleep", Root.FullName, "300");
        builder.AddExecutable("worker", "sleep", Root.FullName, "300").WaitFor(store)
            .WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(200), maxDelay: TimeSpan.FromSeconds(1));
        var app = await builder.BuildAsync();
        await app.StartAsync();
        return app;
    }

    /// <summary>Stops <c>store</c>, kills the running worker; the worker's first pid and its first state after that.</summary>
    private async Task<(int FirstPid, ResourceEvent Waiting)> CrashWhileStoreIsStoppedAsync(DistributedApplication app)
    {
        var first = ProcessProbe.Pid(await PythonIntegrationTests.WaitForStateAsync(app, "worker", KnownResourceStates.Running));
        await StopAsync(app, "store");
        ProcessProbe.Kill9(first);
        return (first, await WaitForAsync(app, "worker", e => e.Snapshot.State?.Text == Waiting || RestartStateText.IsGaveUp(e.Snapshot.State?.Text),
            "the waiting state text"));
    }

    private static async Task StopAsync(DistributedApplication app, string resource)
    {
        var stop = await app.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand);
        Assert.True(stop.Success, stop.Message);
        await PythonIntegrationTests.WaitForStateAsync(app, resource, PythonIntegrationTests.EndedStates);
    }

    private static async Task StartAsync(DistributedApplication app, string resource)
    {
        var start = await app.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        Assert.True(start.Success, start.Message);
        await PythonIntegrationTests.WaitForStateAsync(app, resource, KnownResourceStates.Running);
    }
}
