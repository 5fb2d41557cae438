using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using TradingAspire.TestSupport;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// apps/trading-ui as the AppHost runs it (<see cref="TradingUiLaunchModelTests"/>), run by Aspire (DCP) with no backend.
/// Outside Development <c>WithBuildBeforeStart()</c> builds it while the state text reads <c>Building (npm run build)</c>,
/// then package.json's <c>preview</c> serves the built files, not the dev server; a failed build fails the start and the
/// app never runs; a stop (the command, the AppHost's) during the build kills it, also during a restart policy's restart
/// (the app neither restarted nor left down) and during the wait before it while the policy shows its own text, and Restart
/// during the build kills it and builds afresh. Stopped, Vite (preview and dev server)
/// gets the SIGTERM and exits itself: DCP reports its exit code, not the -1 of a process killed after DCP's grace period
/// (what a script without <c>exec</c> gave: the shell between npm and Vite took the signal and Vite ran on).
/// </summary>
public sealed partial class TradingUiProductionBuildTests
{
    private const string Ui = "trading-ui";

    // The build (tsc, then vite build) takes ~10 s on an idle 2-core machine; far longer while other builds run.
    private static readonly TimeSpan BuildAndServeDeadline = TimeSpan.FromMinutes(3);

    // Not a timing assertion: the exit code tells whether Vite exited itself; this only bounds a hung stop.
    private static readonly TimeSpan StopDeadline = TimeSpan.FromMinutes(1);

    private static string AppDirectory => Path.Combine(AppHostProcess.RepositoryRoot(), "apps", "trading-ui");

    [Fact]
    public async Task Outside_Development_the_UI_is_built_under_a_Building_state_text_then_serves_the_built_page_and_exits_itself_when_stopped()
    {
        await using var run = await UiRun.StartAsync(AppDirectory, "Production", "preview", build: true);
        await run.WaitForRunningAsync(BuildAndServeDeadline);
        var page = await run.WaitForPageAsync();

        // The build ran before the process (its state text, then DCP's Starting/Running), its output in the resource's log.
        var states = run.States();
        var building = states.IndexOf("Building (npm run build)");
        Assert.True(building >= 0 && building < states.IndexOf(KnownResourceStates.Running), $"States seen: {string.Join(" → ", states)}");
        await run.WaitForLogAsync("✓ built in");

        var script = BuiltScript().Match(page);
        Assert.True(script.Success, $"The page has no <script type=\"module\" src=\"/assets/….js\">:\n{page}");
        Assert.Equal((false, false), (page.Contains("/@vite/client", StringComparison.Ordinal), page.Contains("/src/main.tsx", StringComparison.Ordinal)));
        using var asset = await run.Http.GetAsync(script.Groups["path"].Value);
        Assert.Equal((HttpStatusCode.OK, "text/javascript"), (asset.StatusCode, asset.Content.Headers.ContentType?.MediaType));

        await run.StopAndAssertExitedItselfAsync();
    }

    [Fact]
    public async Task In_Development_Vite_s_dev_server_exits_itself_when_stopped()
    {
        await using var run = await UiRun.StartAsync(AppDirectory, "Development", "dev", build: false);
        await run.WaitForRunningAsync(BuildAndServeDeadline);
        Assert.Contains("/@vite/client", await run.WaitForPageAsync());   // the dev server, serving

        await run.StopAndAssertExitedItselfAsync();
    }

    [Fact]
    public async Task A_failed_build_fails_the_start_with_the_build_s_errors_and_the_app_never_runs()
    {
        // The build fails as tsc does; the app's script would say so if it ran.
        await WithScriptedAppAsync("trading-ui-failing-build",
            "echo \"src/App.tsx(1,7): error TS2322: Type 'number' is not assignable to type 'string'.\" >&2; exit 1",
            DefaultPreview,
            directory => UiRun.StartAsync(directory, "Production", "preview", build: true),
            async (run, directory) =>
            {
                var ended = await run.WaitForAsync(e => e.Snapshot.State?.Text is { } s && (s == KnownResourceStates.FailedToStart || s == KnownResourceStates.Running),
                    "FailedToStart", BuildAndServeDeadline);

                Assert.Equal(KnownResourceStates.FailedToStart, ended.Snapshot.State?.Text);
                await run.WaitForLogAsync("'npm run build' of 'trading-ui' failed with exit code 1");
                Assert.Contains(run.Lines(), l => l.Contains("error TS2322", StringComparison.Ordinal));
                Assert.DoesNotContain(run.Lines(), l => l.Contains("the app ran", StringComparison.Ordinal));
            });
    }

    [Fact]
    public async Task A_stop_during_the_build_kills_the_build_and_leaves_the_app_stopped_not_started_and_so_does_the_AppHost_s_stop()
    {
        // A build that runs until killed: npm, its shell and node, all with the app directory as working directory.
        await WithScriptedAppAsync("trading-ui-endless-build",
            "echo 'build is running' && node -e 'setInterval(() => {}, 1000)'",
            DefaultPreview,
            directory => UiRun.StartAsync(directory, "Production", "preview", build: true, untilBuilding: true),
            async (run, directory) =>
            {
                await run.WaitForLogAsync("build is running");
                Assert.NotEmpty(ProcessesIn(directory));

                using var deadline = new CancellationTokenSource(StopDeadline);
                var stop = await run.ExecuteAsync(KnownResourceCommands.StopCommand, deadline.Token);   // Aspire's waits for the build's end
                Assert.True(stop.Success, stop.Message);
                var ended = await run.WaitForAsync(e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), "a terminal state", StopDeadline);

                Assert.Equal(KnownResourceStates.Finished, ended.Snapshot.State?.Text);
                await Poll.UntilAsync(() => Task.FromResult(ProcessesIn(directory).Count == 0),
                    () => $"The build's processes outlived the stop: {string.Join(", ", ProcessesIn(directory))}", StopDeadline);
                await run.WaitForLogAsync("Stopped while 'npm run build' ran or waited to run: the build was killed");
                Assert.DoesNotContain(run.Lines(), l => l.Contains("the app ran", StringComparison.Ordinal));

                // Started again, then the AppHost stops during the build: it kills the build rather than wait for its end.
                var start = run.ExecuteAsync(KnownResourceCommands.StartCommand, CancellationToken.None);   // returns once started: after the build
                await Poll.UntilAsync(() => Task.FromResult(ProcessesIn(directory).Count > 0), () => "The build did not run again.", StopDeadline);
                await run.StopAppHostAsync().WaitAsync(StopDeadline);
                await Poll.UntilAsync(() => Task.FromResult(ProcessesIn(directory).Count == 0),
                    () => $"The build's processes outlived the AppHost's stop: {string.Join(", ", ProcessesIn(directory))}", StopDeadline);
                await Record.ExceptionAsync(() => start);
                Assert.DoesNotContain(run.Lines(), l => l.Contains("the app ran", StringComparison.Ordinal));
            });
    }

    [Fact]
    public async Task With_a_restart_policy_Restart_during_the_build_of_a_restart_builds_afresh_and_a_stop_leaves_the_app_stopped_neither_restarted_nor_given_up()
    {
        // As the AppHost's trading-ui (restart policy, then the build): the first build succeeds, later ones run until
        // killed (its marker split: npm echoes the script); the app crashes once running, and the policy's restart builds again.
        // Restart then kills that build (Aspire's own restart would wait for its end: forever) and builds again.
        await WithScriptedAppAsync("trading-ui-crashing-app",
            "if [ -e built ]; then echo 'build is' 'running' && node -e 'setInterval(() => {}, 1000)'; else touch built; fi",
            "node -e 'setTimeout(() => process.exit(3), 500)' --",   // -- before Aspire's --port
            directory => UiRun.StartAsync(directory, "Production", "preview", build: true, restartPolicy: true),
            async (run, directory) =>
            {
                await run.WaitForLogAsync("restart 1 of 3");
                await run.WaitForLogAsync("build is running");
                var firstBuild = ProcessesIn(directory);

                var restart = run.ExecuteAsync(KnownResourceCommands.RestartCommand, CancellationToken.None);   // returns once started: after the build
                await Poll.UntilAsync(() => Task.FromResult(run.Lines().Count(l => l.Contains("build is running", StringComparison.Ordinal)) == 2),
                    () => $"Restart did not build again. States: {string.Join(" → ", run.States())}; log:\n{string.Join('\n', run.Lines())}", StopDeadline);
                await Poll.UntilAsync(() => Task.FromResult(!firstBuild.Intersect(ProcessesIn(directory)).Any()),
                    () => $"The first build's processes outlived the restart: {string.Join(", ", firstBuild.Intersect(ProcessesIn(directory)))}", StopDeadline);
                Assert.NotEmpty(ProcessesIn(directory));

                using var deadline = new CancellationTokenSource(StopDeadline);
                var stop = await run.ExecuteAsync(KnownResourceCommands.StopCommand, deadline.Token);
                Assert.True(stop.Success, stop.Message);
                Assert.Equal(KnownResourceStates.Finished, (await run.WaitForAsync(_ => true, "any state", StopDeadline)).Snapshot.State?.Text);
                await run.WaitForLogAsync("Stop requested: the restart policy will not restart it");   // the policy heard of it
                await Poll.UntilAsync(() => Task.FromResult(ProcessesIn(directory).Count == 0),
                    () => $"The build's processes outlived the stop: {string.Join(", ", ProcessesIn(directory))}", StopDeadline);
                await run.WaitForLogAsync("Stopped while 'npm run build' ran or waited to run: the build was killed");

                // Finished it stays: the failed start is neither a crash (restarted) nor a failed restart (left down with an error).
                await run.AssertStaysAsync(e => e.Snapshot.State?.Text == KnownResourceStates.Finished, "Finished", TimeSpan.FromSeconds(2));
                Assert.DoesNotContain(run.Lines(), l => l.Contains("Restart failed", StringComparison.Ordinal) || l.Contains("restart 2 of 3", StringComparison.Ordinal));
                Assert.False((await restart.WaitAsync(StopDeadline)).Success);   // its start, stopped during the build
            });
    }

    [Fact]
    public async Task With_a_restart_policy_a_stop_during_a_start_s_wait_while_the_policy_shows_its_own_text_leaves_the_app_Finished()
    {
        // Start pressed while a policy restart waits for two stopped dependencies: Aspire's wait before the build runs. One
        // dependency runs again: the policy shows it waits for the other, over Aspire's Waiting. Stop then: the policy shows
        // Finished at once, which must not end the stop's wait for the cancelled start's FailedToStart (it would follow).
        await WithScriptedAppAsync("trading-ui-waiting-app",
            "exit 0",
            "node -e 'setInterval(() => {}, 1000)' --",
            directory => UiRun.StartAsync(directory, "Production", "preview", build: true, restartPolicy: true, dependencies: ["store1", "store2"]),
            async (run, directory) =>
            {
                await run.WaitForRunningAsync(BuildAndServeDeadline);
                await Poll.UntilAsync(() => Task.FromResult(ProcessesIn(directory).Count > 0), () => "The app's processes did not show.", StopDeadline);
                foreach (var store in new[] { "store1", "store2" })
                {
                    Assert.True((await run.ExecuteAsync(store, KnownResourceCommands.StopCommand, CancellationToken.None)).Success);
                }

                KillAll(ProcessesIn(directory));   // a crash
                var waiting = await run.WaitForAsync(e => e.Snapshot.State?.Text?.StartsWith("Waiting for 'store", StringComparison.Ordinal) == true, "the policy's wait", StopDeadline);
                var (first, second) = waiting.Snapshot.State!.Text.Contains("store1", StringComparison.Ordinal) ? ("store1", "store2") : ("store2", "store1");
                var start = run.ExecuteAsync(KnownResourceCommands.StartCommand, CancellationToken.None);
                await run.WaitForAsync(e => e.Snapshot.State?.Text == KnownResourceStates.Waiting, "Aspire's Waiting", StopDeadline);
                Assert.True((await run.ExecuteAsync(first, KnownResourceCommands.StartCommand, CancellationToken.None)).Success);
                await run.WaitForAsync(e => e.Snapshot.State?.Text == $"Waiting for '{second}' to run again (restart 1 of 3)", $"the policy's wait for {second}", StopDeadline);

                using var deadline = new CancellationTokenSource(StopDeadline);
                Assert.True((await run.ExecuteAsync(KnownResourceCommands.StopCommand, deadline.Token)).Success);
                await run.AssertStaysAsync(e => e.Snapshot.State?.Text == KnownResourceStates.Finished, "Finished", TimeSpan.FromSeconds(2));
                Assert.False((await start.WaitAsync(StopDeadline)).Success);   // the start, stopped during its wait
            });
    }

    /// <summary>The <c>preview</c> script of an app that never runs in the test: it says so if it does.</summary>
    private const string DefaultPreview = "echo 'the app ran'; sleep 60";

    /// <summary>
    /// Runs <paramref name="test"/> on a scripted app (<see cref="ScriptedAppAsync"/>) started by <paramref name="start"/>, then kills
    /// what a failed assertion left running in its directory (before the AppHost stops), stops the AppHost and deletes the directory.
    /// </summary>
    private static async Task WithScriptedAppAsync(string name, string build, string preview, Func<string, Task<UiRun>> start, Func<UiRun, string, Task> test)
    {
        var directory = await ScriptedAppAsync(name, build, preview);
        try
        {
            await using var run = await start(directory);
            try
            {
                await test(run, directory);
            }
            finally
            {
                KillAll(ProcessesIn(directory));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A temporary app directory (the caller deletes it) whose package.json has these <c>build</c> and <c>preview</c> scripts.</summary>
    private static async Task<string> ScriptedAppAsync(string name, string build, string preview)
    {
        var directory = Directory.CreateTempSubdirectory("ta-ui-build-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "package.json"), JsonSerializer.Serialize(new
        {
            name,
            version = "1.0.0",
            @private = true,
            scripts = new Dictionary<string, string> { ["build"] = build, ["preview"] = preview },
        }));
        return directory;
    }

    private static void KillAll(List<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // ended meanwhile
            }
        }
    }

    /// <summary>The ids of the processes whose working directory is <paramref name="directory"/>.</summary>
    private static List<int> ProcessesIn(string directory) =>
    [
        .. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(pid => pid!.All(char.IsAsciiDigit))
            .Select(pid => int.Parse(pid!, CultureInfo.InvariantCulture)).Where(pid =>
        {
            try
            {
                return new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget == directory;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;   // ended meanwhile
            }
        }),
    ];

    [GeneratedRegex("""<script type="module"[^>]* src="(?<path>/assets/[^"]+\.js)">""")]
    private static partial Regex BuiltScript();
}
