using TradingAspire.Hosting.Orchestration.Processes;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class ShutdownTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StopSignalsDependentsFirstAndLeavesNoProcessBehind()
    {
        using var record = new RecordFile();
        await using var builder = FixtureApplication.CreateBuilder();
        var db = builder.AddFixtureService("db", "--record", record.Path);
        var api = builder.AddFixtureService("api", "--record", record.Path, "--spawn-child").WaitFor(db);
        builder.AddFixtureService("ui", "--record", record.Path).WaitFor(api);
        await using var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("ui").WaitAsync(Timeout);
        var pids = new[] { "db", "api", "ui" }.Select(n => app.ResourceNotifications.GetCurrent(n)!.ProcessId!.Value).ToList();
        var grandchild = int.Parse(app.ResourceLogs.Tail("api", 10).Select(l => l.Text).First(t => t.Contains("child pid")).Split(' ')[^1]);

        await app.StopAsync();

        var sigterms = record.Read().Where(r => r.Event == "sigterm").Select(r => r.Name).ToList();
        Assert.Equal(["ui", "api", "db"], sigterms);
        foreach (var pid in pids.Append(grandchild))
        {
            await Eventually.TrueAsync(() => !ProcessIdentity.IsRunning(pid), TimeSpan.FromSeconds(5), $"pid {pid} must be gone after stop");
        }

        Assert.All(new[] { "db", "api", "ui" }, n => Assert.Equal(KnownResourceStates.Exited, app.ResourceNotifications.GetCurrent(n)!.State));
    }

    [Fact]
    public async Task AProcessIgnoringSigtermIsKilledAfterTheShutdownTimeout()
    {
        await using var builder = FixtureApplication.CreateBuilder(settings => settings["AppHost:ShutdownTimeoutSeconds"] = "1");
        builder.AddFixtureService("stubborn", "--ignore-sigterm");
        await using var app = builder.Build();
        await app.StartAsync();
        var pid = (await app.ResourceNotifications.WaitForResourceHealthyAsync("stubborn").WaitAsync(Timeout)).Snapshot.ProcessId!.Value;

        await app.StopAsync();

        Assert.False(ProcessIdentity.IsRunning(pid));
        Assert.Contains(app.ResourceLogs.Tail("stubborn", 20), l => l.Text == "[apphost] did not stop within 1 s; killing its process tree");
    }

    [Fact]
    public async Task ConsoleOutputGoesToTheBufferAndTheLogFile()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddFixtureService("api").WithEnvironment("FIXTURE_ECHO", "hello-from-env");
        await using var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(Timeout);

        var line = Assert.Single(app.ResourceLogs.Tail("api", 10), l => l.Text.Contains("FIXTURE_ECHO=hello-from-env"));
        Assert.False(line.IsError);
        await Eventually.TrueAsync(() => File.ReadAllText(app.ResourceLogs.LogFilePath("api")).Contains("FIXTURE_ECHO=hello-from-env"), Timeout, "log file has the line");
    }
}
