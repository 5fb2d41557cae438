using TradingAspire.Hosting.Orchestration.Processes;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class OrphanCleanupTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tradingaspire-tests", $"orphans-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task AfterTheAppHostIsKilledTheNextStartStopsItsOrphansAndUsesTheSamePorts()
    {
        // Fixed ports, as a developer's AppHost has them: the second start must get the very same ones back.
        var fixedPorts = new Dictionary<string, string> { ["AppHost__RandomizePorts"] = "false", ["AppHost__PortConflict"] = "Fail" };
        foreach (var resource in new[] { "postgres", "redis", "gateway", "trading-api", "trading-ui" })
        {
            fixedPorts[$"Resources__{resource}__Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        IReadOnlyDictionary<string, int> orphans;
        IReadOnlyList<string> firstEndpoints;
        await using (var first = AppHostProcess.Start(_root, fixedPorts))
        {
            orphans = await first.WaitUntilAllHealthyAsync(StartTimeout);
            firstEndpoints = await first.EndpointsAsync();
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.NotEmpty(orphans);
        Assert.All(orphans.Values, pid => Assert.True(ProcessIdentity.IsRunning(pid), $"pid {pid} outlives a SIGKILLed AppHost until the next start"));

        await using var second = AppHostProcess.Start(_root, fixedPorts);
        var fresh = await second.WaitUntilAllHealthyAsync(StartTimeout);
        Assert.Equal(firstEndpoints, await second.EndpointsAsync());

        Assert.All(orphans.Values, pid => Assert.False(ProcessIdentity.IsRunning(pid), $"orphan pid {pid} must be stopped by the next start"));
        Assert.Contains("Stopping orphaned", second.Output);
        Assert.Equal(orphans.Keys.Order(), fresh.Keys.Order());

        second.Signal(PosixSignals.SIGTERM);
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        foreach (var pid in fresh.Values)
        {
            await Eventually.TrueAsync(() => !ProcessIdentity.IsRunning(pid), TimeSpan.FromSeconds(5), $"pid {pid} must be gone after SIGTERM to the AppHost");
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task InvalidConfigurationStopsTheAppHostWithExitCodeOneAndAClearMessage()
    {
        await using var host = AppHostProcess.Start(_root, new Dictionary<string, string> { ["AppHost__ShutdownTimeoutSeconds"] = "never" });

        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("AppHost:ShutdownTimeoutSeconds = 'never' is invalid. Expected: a number from 0.1 to 600. Example: AppHost__ShutdownTimeoutSeconds=15.", host.Output);
        Assert.DoesNotContain("Unhandled exception", host.Output);
        Assert.False(Directory.Exists(Path.Combine(_root, "state", "run")), "no process may start");
    }
}
