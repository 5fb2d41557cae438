using System.Globalization;
using System.Text.RegularExpressions;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// A Python module under the reloading launcher (AddPythonModule in Development) run by Aspire (DCP): a saved file
/// restarts it, a syntax error stops it with the error in its log, and any kill — of the launcher Aspire shows or of
/// the module's own process — is restarted by the restart policy with nothing left behind.
/// </summary>
public sealed partial class PythonModuleReloadIntegrationTests() : AspireProcessTests("module-reload-")
{
    private static readonly TimeSpan ReloadDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Saving_a_module_file_restarts_it_and_a_syntax_error_stops_it_until_a_change_compiles()
    {
        var main = WriteWorker(version: 1);
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddPythonModule("worker", Path.Combine(Root.FullName, "app"), "worker").WithRestartPolicy();
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        await using var log = new ResourceLogCollector(app, "worker");
        var launcher = ProcessProbe.Pid(await PythonIntegrationTests.WaitForStateAsync(app, "worker", KnownResourceStates.Running));
        var first = await WorkerPidAsync(log, version: 1);

        await File.WriteAllTextAsync(main, Worker(version: 2));
        var second = await WorkerPidAsync(log, version: 2);
        Assert.NotEqual(first, second);
        Assert.False(ProcessProbe.IsAlive(first), $"version 1 (pid {first}) still runs after the reload");
        Assert.Contains("module_reload: worker/__main__.py changed: restarting worker", log.Text);

        var before = log.Count;
        await File.WriteAllTextAsync(main, Worker(version: 3) + "\ndef broken(:\n");
        var error = await log.WaitForLineAsync(l => l.Contains("does not compile", StringComparison.Ordinal), "saying the change does not compile", ReloadDeadline, before);
        Assert.EndsWith(" module_reload: worker/__main__.py changed but does not compile; worker is stopped until a change compiles:", error); // after the timestamp
        await log.WaitForLineAsync(l => l.Contains($"{main}:", StringComparison.Ordinal),
            "naming the file, line and error", ReloadDeadline, before);
        await Poll.UntilAsync(() => Task.FromResult(!ProcessProbe.IsAlive(second)), $"version 2 (pid {second}) still runs after a save that does not compile", ReloadDeadline);

        await File.WriteAllTextAsync(main, Worker(version: 3));
        await WorkerPidAsync(log, version: 3);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("worker", out var current));
        Assert.Equal(launcher, ProcessProbe.Pid(current)); // reloads happen inside the launcher: not a resource restart
        Assert.Null(ProcessProbe.RestartCount(current));
    }

    [Fact]
    public async Task A_kill_of_the_launcher_or_of_the_module_process_is_restarted_with_no_orphan_and_nothing_outlives_the_apphost()
    {
        WriteWorker(version: 1);
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddPythonModule("worker", Path.Combine(Root.FullName, "app"), "worker")
            .WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(200), maxDelay: TimeSpan.FromSeconds(1));
        var seen = new List<int>();
        await using (var app = await builder.BuildAsync())
        {
            await app.StartAsync();
            await using var log = new ResourceLogCollector(app, "worker");
            var launcher = ProcessProbe.Pid(await PythonIntegrationTests.WaitForStateAsync(app, "worker", KnownResourceStates.Running));
            var worker = await WorkerPidAsync(log, version: 1);
            seen.AddRange([launcher, worker]);

            // kill -9 of the pid Aspire shows (the launcher): its module process dies with it, the resource comes back.
            var before = log.Count;
            ProcessProbe.Kill9(launcher);
            await Poll.UntilAsync(() => Task.FromResult(!ProcessProbe.IsAlive(worker)), $"the module process {worker} outlived its launcher {launcher}", ReloadDeadline);
            var launcher2 = await WaitForRunningAsync(app, "worker", launcher, restartCount: 1);
            var worker2 = await WorkerPidAsync(log, version: 1, before);
            seen.AddRange([launcher2, worker2]);

            // kill -9 of the module's own process: the launcher exits with it, the resource comes back.
            before = log.Count;
            ProcessProbe.Kill9(worker2);
            var launcher3 = await WaitForRunningAsync(app, "worker", launcher2, restartCount: 2);
            Assert.False(ProcessProbe.IsAlive(launcher2), $"launcher {launcher2} survived the death of its module");
            await log.WaitForLineAsync(l => l.EndsWith($" module_reload: worker (pid {worker2}) exited on its own with signal 9; exiting with it", StringComparison.Ordinal),
                "saying the module was killed", ReloadDeadline, before);
            seen.AddRange([launcher3, await WorkerPidAsync(log, version: 1, before)]);
        }

        await Poll.UntilAsync(() => Task.FromResult(!seen.Any(ProcessProbe.IsAlive)),
            () => $"still alive after the AppHost stopped: {string.Join(", ", seen.Where(ProcessProbe.IsAlive))}", PythonIntegrationTests.Deadline);
    }

    private string WriteWorker(int version)
    {
        var package = Directory.CreateDirectory(Path.Combine(Root.FullName, "app", "worker")).FullName;
        File.WriteAllText(Path.Combine(package, "__init__.py"), "");
        var main = Path.Combine(package, "__main__.py");
        File.WriteAllText(main, Worker(version));
        return main;
    }

    /// <summary>A worker that says its pid and version, then waits to be stopped (SIGTERM ends it with code 0).</summary>
    private static string Worker(int version) => $$"""
        import os
        import signal
        import sys

        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        print(f"worker pid {os.getpid()} version {{version}}", flush=True)
        while True:
            signal.pause()
        """;

    private static async Task<int> WorkerPidAsync(ResourceLogCollector log, int version, int from = 0)
    {
        var line = await log.WaitForLineAsync(l => WorkerLine().Match(l) is { Success: true } m && m.Groups[2].Value == version.ToString(CultureInfo.InvariantCulture),
            $"'worker pid N version {version}'", ReloadDeadline, from);
        // The newest line of that version: a reload started after `from` may print it more than once over the test.
        return int.Parse(WorkerLine().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(?:^|Z )worker pid (\d+) version (\d+)$")]
    private static partial Regex WorkerLine();
}
