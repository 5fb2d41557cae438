using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TradingAspire.Hosting.Orchestration;
using TradingAspire.Hosting.Orchestration.Processes;
using TradingAspire.Hosting.Testing;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Unit;

/// <summary>The orchestrator's state machine with a fake executor and fake time: no processes, no waiting.</summary>
public sealed class OrchestratorStateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeProcessExecutor _executor = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private IDistributedApplicationTestingBuilder CreateBuilder()
    {
        var builder = FixtureApplication.CreateBuilder();
        builder.Services.AddSingleton<IProcessExecutor>(_executor);
        builder.Services.AddSingleton<TimeProvider>(_time);
        return builder;
    }

    private static async Task<List<string>> CollectStatesAsync(DistributedApplication app, string resource, Func<Task> act, string finalState)
    {
        var states = new List<string>();
        using var cts = new CancellationTokenSource(Timeout);
        await using var events = app.ResourceNotifications.WatchAsync(cts.Token).GetAsyncEnumerator();
        // The first MoveNextAsync subscribes synchronously, so no change made by act() can be missed.
        var next = events.MoveNextAsync();
        await act();
        while (await next)
        {
            var snapshot = events.Current.Snapshot;
            if (snapshot.Name == resource)
            {
                var label = snapshot.State + (snapshot.HealthStatus is { } h ? $"/{h}" : "");
                if (states.Count == 0 || states[^1] != label)
                {
                    states.Add(label);
                }

                if (snapshot.State == finalState)
                {
                    break;
                }
            }

            next = events.MoveNextAsync();
        }

        return states;
    }

    [Fact]
    public async Task AProcessMovesFromNotStartedToRunningHealthyAndToExitedWhenStopped()
    {
        await using var builder = CreateBuilder();
        builder.AddExecutable("worker", "worker-binary", ".");
        await using var app = builder.Build();

        var states = await CollectStatesAsync(app, "worker", async () =>
        {
            await app.StartAsync();
            await app.ResourceNotifications.WaitForResourceHealthyAsync("worker").WaitAsync(Timeout);
            await app.StopAsync();
        }, KnownResourceStates.Exited);

        Assert.Equal(["NotStarted", "Starting", "Running", "Running/Healthy", "Stopping", "Exited"], states);
        Assert.Equal([PosixSignals.SIGTERM], Assert.Single(_executor.ProcessesOf("worker")).Signals);
    }

    [Fact]
    public async Task ACrashIsRestartedWithGrowingBackoffUntilTheLimitThenFailedToStart()
    {
        await using var builder = CreateBuilder();
        builder.AddExecutable("flaky", "flaky-binary", ".");
        await using var app = builder.Build();
        await app.StartAsync();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Eventually.TrueAsync(() => _executor.ProcessesOf("flaky").Length == attempt + 1, Timeout, $"start #{attempt + 1}");
            _executor.ProcessesOf("flaky")[attempt].Exit(1);
            var expectedDelay = TimeSpan.FromSeconds(Math.Pow(2, attempt));
            await app.ResourceNotifications.WaitForResourceAsync("flaky", e => e.Snapshot.State == KnownResourceStates.Starting && e.Snapshot.ExitCode == 1).WaitAsync(Timeout);
            _time.Advance(expectedDelay - TimeSpan.FromMilliseconds(10));
            Assert.Equal(attempt + 1, _executor.ProcessesOf("flaky").Length); // not restarted before its backoff
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        await Eventually.TrueAsync(() => _executor.ProcessesOf("flaky").Length == 4, Timeout, "fourth start");
        _executor.ProcessesOf("flaky")[3].Exit(1);

        var failed = await app.ResourceNotifications.WaitForResourceAsync("flaky", KnownResourceStates.FailedToStart).WaitAsync(Timeout);
        Assert.Equal(3, failed.Snapshot.RestartCount);
        Assert.Equal("crashed too often: exited with code 1 after 3 restart(s) within 5 min; the limit is 3", failed.Snapshot.StateDetail);
    }

    [Fact]
    public async Task ExitCodeZeroMeansFinishedAndIsNotRestarted()
    {
        await using var builder = CreateBuilder();
        builder.AddExecutable("migrator", "migrate", ".");
        await using var app = builder.Build();
        await app.StartAsync();
        await Eventually.TrueAsync(() => _executor.ProcessesOf("migrator").Length == 1, Timeout, "migrator started");

        _executor.ProcessesOf("migrator")[0].Exit(0);

        var finished = await app.ResourceNotifications.WaitForResourceAsync("migrator", KnownResourceStates.Finished).WaitAsync(Timeout);
        Assert.Equal(0, finished.Snapshot.ExitCode);
        Assert.Single(_executor.ProcessesOf("migrator"));
    }

    [Fact]
    public async Task ADependentStaysWaitingUntilItsDependencyIsHealthyAndSaysOnWhat()
    {
        await using var builder = CreateBuilder();
        var migrator = builder.AddExecutable("migrator", "migrate", ".");
        builder.AddExecutable("api", "api", ".").WaitForCompletion(migrator);
        await using var app = builder.Build();
        await app.StartAsync();

        var waiting = await app.ResourceNotifications.WaitForResourceAsync("api", KnownResourceStates.Waiting).WaitAsync(Timeout);
        Assert.Equal("waiting for migrator", waiting.Snapshot.StateDetail);
        await Eventually.TrueAsync(() => _executor.ProcessesOf("migrator").Length == 1, Timeout, "migrator started");
        Assert.Empty(_executor.ProcessesOf("api"));

        _executor.ProcessesOf("migrator")[0].Exit(0);

        await app.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(Timeout);
    }

    [Fact]
    public async Task AFailedCompletionDependencyFailsItsDependentWithTheExitCode()
    {
        await using var builder = CreateBuilder();
        var migrator = builder.AddExecutable("migrator", "migrate", ".").WithRestartPolicy(RestartPolicy.Never);
        builder.AddExecutable("api", "api", ".").WaitForCompletion(migrator);
        await using var app = builder.Build();
        await app.StartAsync();
        await Eventually.TrueAsync(() => _executor.ProcessesOf("migrator").Length == 1, Timeout, "migrator started");

        _executor.ProcessesOf("migrator")[0].Exit(2);

        var failed = await app.ResourceNotifications.WaitForResourceAsync("api", KnownResourceStates.FailedToStart).WaitAsync(Timeout);
        Assert.StartsWith("Dependency failed: dependency 'migrator' ended Exited with exit code 2, expected 0.", failed.Snapshot.StateDetail);
        Assert.Empty(_executor.ProcessesOf("api"));
    }

    [Fact]
    public async Task AFailureDeepInAChainIsReportedOnceWithTheRootCausesOutput()
    {
        await using var builder = CreateBuilder();
        var db = builder.AddExecutable("db", "db", ".").WithRestartPolicy(RestartPolicy.Never)
            .WithHealthCheck("db_never_ready", _ => new NeverHealthy()); // so api is still waiting when db exits
        var api = builder.AddExecutable("api", "api", ".").WaitFor(db);
        builder.AddExecutable("ui", "ui", ".").WaitFor(api);
        await using var app = builder.Build();
        await app.StartAsync();
        await Eventually.TrueAsync(() => _executor.ProcessesOf("db").Length == 1, Timeout, "db started");

        _executor.ProcessesOf("db")[0].Exit(3);

        var detail = (await app.ResourceNotifications.WaitForResourceAsync("ui", KnownResourceStates.FailedToStart).WaitAsync(Timeout)).Snapshot.StateDetail!;
        Assert.StartsWith("Dependency failed: dependency 'api' is FailedToStart (Dependency failed: dependency 'db' is Exited", detail);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(detail, "db started"));
        Assert.DoesNotContain("Last log lines of 'api'", detail);
    }

    [Fact]
    public async Task StopSignalsDependentsBeforeTheirDependencies()
    {
        await using var builder = CreateBuilder();
        var db = builder.AddExecutable("db", "db", ".");
        var api = builder.AddExecutable("api", "api", ".").WaitFor(db);
        builder.AddExecutable("ui", "ui", ".").WaitFor(api);
        await using var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("ui").WaitAsync(Timeout);
        var order = new List<string>();
        using var cts = new CancellationTokenSource(Timeout);
        var watch = Task.Run(async () =>
        {
            await foreach (var e in app.ResourceNotifications.WatchAsync(cts.Token))
            {
                if (e.Snapshot.State == KnownResourceStates.Stopping && !order.Contains(e.Snapshot.Name))
                {
                    order.Add(e.Snapshot.Name);
                    if (order.Count == 3)
                    {
                        return;
                    }
                }
            }
        });

        await app.StopAsync();
        await watch.WaitAsync(Timeout);

        Assert.Equal(["ui", "api", "db"], order);
    }

    [Fact]
    public async Task RestartCommandStopsAndStartsTheResourceAndCountsIt()
    {
        await using var builder = CreateBuilder();
        builder.AddExecutable("api", "api", ".");
        await using var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(Timeout);
        var orchestrator = app.Services.GetRequiredService<ApplicationOrchestrator>();

        var result = await orchestrator.ExecuteCommandAsync("api", "restart", [], CancellationToken.None);

        Assert.True(result.Success);
        await Eventually.TrueAsync(() => _executor.ProcessesOf("api").Length == 2, Timeout, "second start");
        var healthy = await app.ResourceNotifications.WaitForResourceAsync("api", e => e.Snapshot.IsHealthy && e.Snapshot.ProcessId == _executor.ProcessesOf("api")[1].ProcessId).WaitAsync(Timeout);
        Assert.Equal(1, healthy.Snapshot.RestartCount);
    }

    [Fact]
    public async Task UnknownCommandListsTheAvailableOnes()
    {
        await using var builder = CreateBuilder();
        builder.AddExecutable("api", "api", ".").WithCommand("flush", "Flush cache", _ => Task.FromResult(ExecuteCommandResult.Ok()));
        await using var app = builder.Build();
        await app.StartAsync();
        var orchestrator = app.Services.GetRequiredService<ApplicationOrchestrator>();

        var result = await orchestrator.ExecuteCommandAsync("api", "purge", [], CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal("Resource 'api' has no command 'purge'. Commands: start, stop, restart, flush.", result.Message);
    }

    [Fact]
    public async Task ANewSubscriberFirstGetsTheCurrentSnapshot()
    {
        await using var builder = CreateBuilder();
        builder.AddExecutable("api", "api", ".");
        await using var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(Timeout);

        await using var enumerator = app.ResourceNotifications.WatchAsync().GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());

        Assert.True(enumerator.Current.Snapshot.IsHealthy);
    }

    private sealed class NeverHealthy : IResourceHealthCheck
    {
        public Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
            => Task.FromResult(Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("not ready"));
    }
}
