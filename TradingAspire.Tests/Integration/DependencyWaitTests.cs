using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class DependencyWaitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ADependentStartsOnlyAfterItsDependencyIsHealthy()
    {
        using var record = new RecordFile();
        await using var builder = FixtureApplication.CreateBuilder();
        var api = builder.AddFixtureService("api", "--healthy-after", "1.0", "--record", record.Path);
        builder.AddFixtureService("ui", "--record", record.Path).WaitFor(api);
        await using var app = builder.Build();

        await app.StartAsync();
        var waiting = await app.ResourceNotifications.WaitForResourceAsync("ui", KnownResourceStates.Waiting).WaitAsync(Timeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("ui").WaitAsync(Timeout);

        Assert.Equal("waiting for api", waiting.Snapshot.StateDetail);
        var starts = record.Read().Where(r => r.Event == "start").ToDictionary(r => r.Name, r => r.Nanoseconds);
        Assert.True(starts["ui"] - starts["api"] >= 1_000_000_000, "ui must start at least 1 s after api, when api's /health turns 200");
    }

    [Fact]
    public async Task WaitForCompletionStartsTheDependentAfterExitCodeZero()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        var migrate = builder.AddFixture("migrate", "--exit", "0", "--delay", "0.3");
        builder.AddFixtureService("api").WaitForCompletion(migrate);
        await using var app = builder.Build();

        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(Timeout);

        var migrateState = app.ResourceNotifications.GetCurrent("migrate")!;
        Assert.Equal(KnownResourceStates.Finished, migrateState.State);
        Assert.Equal(0, migrateState.ExitCode);
    }

    [Fact]
    public async Task WaitForCompletionFailsTheDependentWhenTheExitCodeIsWrong()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        var migrate = builder.AddFixture("migrate", "--exit", "4").WithRestartPolicy(RestartPolicy.Never);
        builder.AddFixtureService("api").WaitForCompletion(migrate);
        await using var app = builder.Build();

        await app.StartAsync();
        var failed = await app.ResourceNotifications.WaitForResourceAsync("api", KnownResourceStates.FailedToStart).WaitAsync(Timeout);

        Assert.StartsWith("Dependency failed: dependency 'migrate' ended Exited with exit code 4, expected 0.", failed.Snapshot.StateDetail);
        Assert.Contains("migrate: exiting with 4", failed.Snapshot.StateDetail);
        Assert.Null(failed.Snapshot.ProcessId);
    }

    [Fact]
    public async Task ADependencyThatNeverGetsHealthyFailsItsDependentWithTheCheckAndLastLogLines()
    {
        await using var builder = FixtureApplication.CreateBuilder(settings => settings["AppHost:StartupTimeoutSeconds"] = "2");
        var api = builder.AddFixtureService("api", "--healthy-after", "3600");
        builder.AddFixtureService("ui").WaitFor(api);
        await using var app = builder.Build();

        await app.StartAsync();
        var failed = await app.ResourceNotifications.WaitForResourceAsync("ui", KnownResourceStates.FailedToStart).WaitAsync(Timeout);

        Assert.StartsWith("Dependency failed: 'api' was not healthy within 2 s.", failed.Snapshot.StateDetail);
        Assert.Contains("check 'api_http_health_check': GET http://127.0.0.1:", failed.Snapshot.StateDetail);
        Assert.Contains("/health → 503, expected 200", failed.Snapshot.StateDetail);
        Assert.Contains("Last log lines of 'api':", failed.Snapshot.StateDetail);
        Assert.Contains("api: started pid", failed.Snapshot.StateDetail);
    }
}
