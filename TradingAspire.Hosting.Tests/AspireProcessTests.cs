using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// Base of the test classes that run real processes through Aspire (DCP): integration tests in the "Aspire processes"
/// collection (xUnit reads both attributes from the base class), a temporary directory per test, <see cref="TemporaryDirectoryTest.Root"/>,
/// deleted after it, and waits that say on timeout what was awaited and where the resource is.
/// </summary>
[Trait("Category", "Integration")]
[Collection("Aspire processes")] // one DCP at a time: parallel runs on 2 cores would stretch start-up times
public abstract class AspireProcessTests(string prefix) : TemporaryDirectoryTest(prefix)
{
    /// <summary>The first event of <paramref name="resource"/> meeting <paramref name="condition"/>; a <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/> (default <see cref="PythonIntegrationTests.Deadline"/>) names <paramref name="what"/>, the state, the pid
    /// and the restart count it is at.</summary>
    protected static async Task<ResourceEvent> WaitForAsync(DistributedApplication app, string resource, Func<ResourceEvent, bool> condition, string what,
        TimeSpan? timeout = null)
    {
        var limit = timeout ?? PythonIntegrationTests.Deadline;
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            return await app.ResourceNotifications.WaitForResourceAsync(resource, condition, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            app.ResourceNotifications.TryGetCurrentState(resource, out var current);
            throw new TimeoutException($"'{resource}' did not reach {what} within {limit}; it is {current?.Snapshot.State?.Text ?? "unknown"} " +
                $"(pid {(current is null ? 0 : ProcessProbe.Pid(current))}, restart.count {(current is null ? null : ProcessProbe.RestartCount(current))}).");
        }
    }

    /// <summary>The pid of <paramref name="resource"/> once Running (and, if <paramref name="healthy"/>, Healthy) again after a kill of
    /// <paramref name="killed"/>: a new pid, at restart.count <paramref name="restartCount"/> (null: not restarted yet).</summary>
    protected static async Task<int> WaitForRunningAsync(DistributedApplication app, string resource, int killed, int? restartCount, bool healthy = false)
        => ProcessProbe.Pid(await WaitForAsync(app, resource,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) is var pid && pid > 0 && pid != killed
                 && ProcessProbe.RestartCount(e) == restartCount && (!healthy || e.Snapshot.HealthStatus == HealthStatus.Healthy),
            $"Running{(healthy ? " and Healthy" : "")} with a pid other than {killed} and restart.count {restartCount}"));

    /// <summary>Checks every poll interval for <paramref name="period"/> that <paramref name="holds"/> stays true of <paramref name="resource"/>'s
    /// state; fails at the first state that breaks it, naming <paramref name="what"/> it should have stayed.</summary>
    protected static async Task AssertStaysAsync(DistributedApplication app, string resource, Func<ResourceEvent, bool> holds, TimeSpan period,
        string what)
    {
        var until = DateTime.UtcNow + period;
        string? broken = null;
        await Poll.UntilAsync(() =>
        {
            Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var current));
            if (!holds(current))
            {
                broken = $"'{resource}' was expected to stay {what} but is {current.Snapshot.State?.Text} " +
                    $"(pid {ProcessProbe.Pid(current)}, restart.count {ProcessProbe.RestartCount(current)})";
            }

            return Task.FromResult(broken is not null || DateTime.UtcNow > until);
        }, "unreachable", period + TimeSpan.FromSeconds(5));
        Assert.Null(broken);
    }
}
