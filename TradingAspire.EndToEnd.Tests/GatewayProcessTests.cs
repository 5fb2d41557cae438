namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// The gateway of the real AppHost runs as its built program: the pid the dashboard and <c>aspire describe</c> show is
/// the process serving the gateway's port (no <c>dotnet run</c> wrapper to orphan it), and a kill -9 of it is
/// restarted by the restart policy, leaving no process of the old one.
/// </summary>
[Trait("Category", "Integration")]
[Collection(WholeSystem.Name)]
public sealed class GatewayProcessTests(TelemetrySystem system)
{
    [Fact]
    public async Task The_shown_gateway_pid_is_the_serving_program_and_its_kill_is_restarted_with_no_survivor()
    {
        var app = system.App;
        Assert.True(app.ResourceNotifications.TryGetCurrentState("gateway", out var current));
        var shown = ProcessProbe.Pid(current);
        var commandLine = ProcessProbe.CommandLine(shown);
        Assert.EndsWith("/TradingAspire.Gateway", commandLine.Split(' ')[0]);
        Assert.DoesNotContain("dotnet run", commandLine);
        var port = ListenPort(shown);
        await Poll.UntilAsync(() => Task.FromResult(ProcessProbe.ListenerPid(port) == shown),
            () => $"the gateway's port {port} is served by pid {ProcessProbe.ListenerPid(port)}, not the shown pid {shown} ({commandLine})", TradingSystem.Timeout);

        var restartsBefore = ProcessProbe.RestartCount(current) ?? 0;
        ProcessProbe.Kill9(shown);

        using var deadline = new CancellationTokenSource(TradingSystem.Timeout);
        var back = await app.ResourceNotifications.WaitForResourceAsync("gateway",
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) is var pid && pid > 0 && pid != shown
                 && ProcessProbe.RestartCount(e) == restartsBefore + 1, deadline.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", deadline.Token);
        Assert.False(ProcessProbe.IsAlive(shown), $"the killed gateway {shown} still runs");
        Assert.Equal(ProcessProbe.Pid(back), ProcessProbe.ListenerPid(port));
    }

    /// <summary>The port <paramref name="pid"/> was told to listen on (its <c>ASPNETCORE_URLS</c>, set by Aspire; behind DCP's proxy in Development).</summary>
    private static int ListenPort(int pid)
    {
        var urls = File.ReadAllText($"/proc/{pid}/environ").Split('\0').Single(v => v.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal));
        return new Uri(urls["ASPNETCORE_URLS=".Length..].Split(';')[0]).Port;
    }
}
