using System.Diagnostics;
using TradingAspire.Hosting.Orchestration.Processes;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class AppHostExitTests
{
    [Fact]
    public async Task AProcessThatExitsWithoutStoppingItsApplicationTakesTheResourcesWithIt()
    {
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TradingAspire.Tests.ExitProbe.dll"));
        startInfo.ArgumentList.Add(RepositoryPaths.AppHostDirectory);
        using var probe = Process.Start(startInfo)!;
        var stdout = probe.StandardOutput.ReadToEndAsync();
        var stderr = probe.StandardError.ReadToEndAsync();
        await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var output = await stdout;

        Assert.True(probe.ExitCode == 3, $"the probe exited with {probe.ExitCode}: {output} {await stderr}");
        var pid = int.Parse(output.Split('\n').Single(l => l.StartsWith("sleeper pid ", StringComparison.Ordinal))["sleeper pid ".Length..]);
        await Eventually.TrueAsync(() => !ProcessIdentity.IsRunning(pid), TimeSpan.FromSeconds(5), $"sleeper (pid {pid}) must not outlive the process that started it");
    }
}
