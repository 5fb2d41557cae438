using TradingAspire.Hosting;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Tests.ExitProbe;

/// <summary>
/// Starts one long-running resource, prints its pid, then ends the process with <c>Environment.Exit</c> and no
/// <c>StopAsync</c>: the orchestrator's process-exit safety net must still stop the resource (AppHostExitTests).
/// Usage: <c>TradingAspire.Tests.ExitProbe &lt;app host directory&gt;</c>.
/// </summary>
internal static class ExitProbe
{
    public static async Task Main(string[] args)
    {
        var builder = DistributedApplicationTestingBuilder.Create(args[0]);
        builder.AddExecutable("sleeper", "sleep", ".", "600");
        var app = builder.Build();
        await app.StartAsync();
        var running = await app.ResourceNotifications.WaitForResourceAsync("sleeper", KnownResourceStates.Running).WaitAsync(TimeSpan.FromSeconds(30));
        Console.WriteLine($"sleeper pid {running.Snapshot.ProcessId}");
        Environment.Exit(3);
    }
}
