using System.Diagnostics;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Integration;

/// <summary>The AppHost CLI against a running AppHost process (status, logs, restart) and without one (doctor).</summary>
[Trait("Category", "Integration")]
public sealed class CliTests(CliTests.RunningAppHost fixture) : IClassFixture<CliTests.RunningAppHost>
{
    private string Root => fixture.Root;

    private AppHostProcess Host => fixture.Host!;

    /// <summary>One AppHost process shared by the tests of this class: starting it is the expensive part.</summary>
    public sealed class RunningAppHost : IAsyncLifetime
    {
        public string Root { get; } = Path.Combine(Path.GetTempPath(), "tradingaspire-tests", $"cli-{Guid.NewGuid():N}");

        internal AppHostProcess? Host { get; private set; }

        public async Task InitializeAsync()
        {
            // With the dashboard on (free ports), so that status reads the dashboard's API as it does for a developer.
            Host = AppHostProcess.Start(Root, new Dictionary<string, string>
            {
                ["Dashboard__Enabled"] = "true", ["Dashboard__Port"] = "0", ["Dashboard__OtlpGrpcPort"] = "0", ["Dashboard__OtlpHttpPort"] = "0",
            });
            await Host.WaitUntilAllHealthyAsync(TimeSpan.FromSeconds(120));
        }

        public async Task DisposeAsync()
        {
            if (Host is not null)
            {
                await Host.DisposeAsync();
            }

            if (Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
    }

    private async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TradingAspire.AppHost.dll"));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["AppHost__StateDirectory"] = Path.Combine(Root, "state");
        startInfo.Environment["AppHost__LogDirectory"] = Path.Combine(Root, "logs");
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task StatusListsEveryResourceWithStateHealthAndPid()
    {
        var pids = await Host.WaitUntilAllHealthyAsync(TimeSpan.FromSeconds(60));
        var (exitCode, output) = await RunCliAsync("status");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("RESOURCE       STATE          HEALTH     PID", output);
        foreach (var (name, pid) in pids)
        {
            Assert.Matches($@"(?m)^{name}\s+Running\s+Healthy\s+{pid}\s", output);
        }

        Assert.Matches(@"(?m)^\(from the dashboard API http://localhost:\d+/api/resources\)$", output);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheControlFileWithTheTokensIsReadableByItsOwnerOnly()
    {
        await Host.WaitUntilAllHealthyAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Host.Paths.RunDirectory, "apphost.json")));
    }

    [Fact]
    public async Task LogsPrintsTheResourcesConsoleOutput()
    {
        var resource = (await Host.WaitUntilAllHealthyAsync(TimeSpan.FromSeconds(60))).Keys.First();

        // The resource keeps writing: take a line from its log file first, and ask for a tail long enough to still hold it.
        var expected = File.ReadAllLines(Path.Combine(Root, "logs", $"{resource}.log"))
            .Select(line => line[(line.IndexOf(' ', 25) + 1)..]) // without the timestamp and OUT/ERR
            .Last(text => text.Trim().Length > 0);

        var (exitCode, output) = await RunCliAsync("logs", resource, "--tail", "1000");

        Assert.Equal(0, exitCode);
        Assert.Contains(expected, output);
    }

    [Fact]
    public async Task RestartGivesTheResourceANewProcess()
    {
        var (name, oldPid) = (await Host.WaitUntilAllHealthyAsync(TimeSpan.FromSeconds(60))).First();

        var (exitCode, output) = await RunCliAsync("restart", name);

        Assert.Equal(0, exitCode);
        Assert.Contains($"{name} restarting", output);
        await Eventually.TrueAsync(() => !Hosting.Orchestration.Processes.ProcessIdentity.IsRunning(oldPid), TimeSpan.FromSeconds(10), "old process gone");
        Assert.NotEqual(oldPid, (await Host.WaitUntilAllHealthyAsync(TimeSpan.FromSeconds(60)))[name]);
    }

    [Fact]
    public async Task AnUnknownResourceIsRefusedWithTheListOfResources()
    {
        var (exitCode, output) = await RunCliAsync("restart", "no-such-resource");

        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown resource 'no-such-resource'. Resources: ", output);
    }

    [Fact]
    public async Task DbStatusListsTheAppliedMigrations()
    {
        var (exitCode, output) = await RunCliAsync("db", "status");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("2 applied, 0 pending", output);
        Assert.Contains("applied  0002_orders_executions_positions.sql", output);
    }

    [Fact]
    public async Task DbResetWithoutForceAndWithoutATerminalChangesNothing()
    {
        var (exitCode, output) = await RunCliAsync("db", "reset");

        Assert.Equal(1, exitCode);
        Assert.Contains("Reset cancelled; nothing changed. Use --force to skip this question.", output);
    }

    [Fact]
    public async Task DoctorReportsThePrerequisitesOfThisMachine()
    {
        var (exitCode, output) = await RunCliAsync("doctor");

        Assert.Contains("ok      dotnet", output);
        Assert.Contains("redis-server", output);
        Assert.Equal(output.Contains("MISSING") ? 1 : 0, exitCode);
    }
}
