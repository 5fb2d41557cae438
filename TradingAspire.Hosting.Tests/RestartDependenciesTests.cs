using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// What a restart waits for: the <c>WaitFor</c> dependencies, which of their states are down, and the wait on Aspire's
/// notification service (states published by the test, no processes).
/// </summary>
public sealed class RestartDependenciesTests
{
    private readonly ResourceNotificationService _notifications = new(NullLogger<ResourceNotificationService>.Instance,
        new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), new ServiceCollection().BuildServiceProvider(), new ResourceLoggerService());

    private readonly ExecutableResource _redis = new("redis", "redis-server", "."), _db = new("db", "postgres", ".");

    public static TheoryData<string?, bool> States => new()
    {
        { KnownResourceStates.Finished, true },
        { KnownResourceStates.Exited, true },
        { KnownResourceStates.FailedToStart, true },
        { KnownResourceStates.Stopping, true },
        { KnownResourceStates.RuntimeUnhealthy, true },
        { "Restarting in 200 ms (restart 1 of 3)", true },
        { "Waiting for 'db' to run again (restart 1 of 3)", true },
        { "Crashed 4 times in 5 min: not restarted (start it from the dashboard or `aspire resource redis start`)", true },
        { "Restart failed: boom (start it from the dashboard or `aspire resource redis start`)", true },
        { KnownResourceStates.Starting, true },
        { KnownResourceStates.Waiting, true },
        { KnownResourceStates.NotStarted, true },
        { null, true },
        { KnownResourceStates.Running, false },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void A_dependency_is_down_in_every_state_but_Running(string? state, bool down)
        => Assert.Equal(down, RestartDependencies.IsDown(state));

    [Fact]
    public void Dependencies_are_the_WaitFor_and_WaitForStart_targets_not_WaitForCompletion_ones()
    {
        var migrations = new ExecutableResource("migrations", "dotnet", ".");
        var worker = new ExecutableResource("worker", "sh", ".");
        worker.Annotations.Add(new WaitAnnotation(_redis, WaitType.WaitUntilHealthy));
        worker.Annotations.Add(new WaitAnnotation(_db, WaitType.WaitUntilStarted));
        worker.Annotations.Add(new WaitAnnotation(migrations, WaitType.WaitForCompletion));
        worker.Annotations.Add(new WaitAnnotation(_redis, WaitType.WaitUntilHealthy));

        Assert.Equal(["redis", "db"], RestartDependencies.Of(worker).Select(r => r.Name));
        Assert.Empty(RestartDependencies.Of(migrations));
    }

    [Fact]
    public async Task Returns_at_once_when_no_dependency_is_down()
    {
        await PublishAsync(_redis, KnownResourceStates.Running);
        await PublishAsync(_db, KnownResourceStates.Running);
        var waitedFor = new List<string>();

        await RestartDependencies.WaitUntilNoneDownAsync(_notifications, [_redis, _db], Record(waitedFor), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(waitedFor);
    }

    [Fact]
    public async Task Waits_naming_each_dependency_that_is_down_until_none_is()
    {
        await PublishAsync(_redis, KnownResourceStates.Finished);
        await PublishAsync(_db, KnownResourceStates.Running);
        var waitedFor = new List<string>();

        var wait = RestartDependencies.WaitUntilNoneDownAsync(_notifications, [_redis, _db], Record(waitedFor), CancellationToken.None);
        await Poll.UntilAsync(() => Task.FromResult(waitedFor.Count == 1), () => "no wait was reported", TimeSpan.FromSeconds(10));
        await PublishAsync(_db, KnownResourceStates.Stopping);
        await PublishAsync(_redis, KnownResourceStates.Running);
        await Poll.UntilAsync(() => Task.FromResult(waitedFor.Count == 2), () => "the wait for 'db' was not reported", TimeSpan.FromSeconds(10));
        Assert.False(wait.IsCompleted, "the wait ended while 'db' was stopping");
        await PublishAsync(_db, KnownResourceStates.Starting);
        Assert.False(wait.IsCompleted, "the wait ended while 'db' was starting");
        await PublishAsync(_db, KnownResourceStates.Running);

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["redis", "db"], waitedFor);
    }

    [Fact]
    public async Task A_cancelled_wait_throws_OperationCanceledException()
    {
        await PublishAsync(_redis, KnownResourceStates.Exited);
        using var stop = new CancellationTokenSource();

        var wait = RestartDependencies.WaitUntilNoneDownAsync(_notifications, [_redis], _ => Task.CompletedTask, stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private Task PublishAsync(IResource resource, string state)
        => _notifications.PublishUpdateAsync(resource, s => s with { State = new ResourceStateSnapshot(state, null) });

    private static Func<string, Task> Record(List<string> names) => name =>
    {
        lock (names)
        {
            names.Add(name);
        }

        return Task.CompletedTask;
    };
}
