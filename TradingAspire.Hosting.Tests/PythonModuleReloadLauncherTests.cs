using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Launcher = TradingAspire.TestSupport.ChildProcess; // TradingAspire.Hosting has a ChildProcess too

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// <c>module_reload.py</c> run directly (no AppHost) by /usr/bin/python3 on a module in a temporary directory: every
/// watched file is compiled before each start, so a module that does not compile is not started (the launcher waits
/// for a change that compiles instead of exiting), a save that breaks it while it restarts is a reload, not a crash,
/// a module that fails at start-up (an import error) waits for a change too (and is retried by itself), a crash with unchanged sources still ends
/// the launcher with the module's exit code, and a terminal's SIGHUP or SIGINT stops the module once, through the launcher.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class PythonModuleReloadLauncherTests() : TemporaryDirectoryTest("module-reload-launcher-")
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private string App => Path.Combine(Root.FullName, "app");

    private string Package => Path.Combine(App, "worker");

    [Fact]
    public async Task A_module_that_does_not_compile_at_start_is_not_started_and_starts_once_a_change_compiles()
    {
        var main = Write("__main__.py", Worker(version: 1) + "\ndef broken(:\n");
        await using var launcher = Start();

        await WaitForLineAsync(launcher, l => l == "module_reload: worker/__main__.py does not compile; worker is stopped until a change compiles:", "the waiting line");
        await WaitForLineAsync(launcher, l => l.StartsWith($"  {main}:{BrokenLine(main)}: ", StringComparison.Ordinal), "the error with file and line");
        Assert.False(launcher.HasExited, $"the launcher exited with a module that does not compile:\n{launcher.Output}");
        Assert.DoesNotContain("started worker", launcher.Output);

        // Another file's change that compiles does not start it: every watched file is compiled, not only the changed ones.
        Write("other.py", "X = 1\n");
        await WaitForLineAsync(launcher, l => l == "module_reload: worker/other.py changed but worker/__main__.py does not compile; worker is stopped until a change compiles:",
            "the waiting line naming the changed and the broken file");
        Assert.DoesNotContain("started worker", launcher.Output);

        Write("__main__.py", Worker(version: 1));
        await WaitForLineAsync(launcher, l => l == "module_reload: worker/__main__.py changed: restarting worker", "the restart");
        var pid = await WorkerPidAsync(launcher, version: 1);
        Assert.Contains($"module_reload: started worker (pid {pid})", Lines(launcher));
        Assert.False(launcher.HasExited);
    }

    [Fact]
    public async Task A_save_that_breaks_the_module_while_it_restarts_stops_it_until_a_change_compiles_instead_of_ending_the_launcher()
    {
        var release = Path.Combine(Root.FullName, "release");
        Write("__main__.py", Worker(version: 1, onStop: $"while not os.path.exists({Quoted(release)}):\n    time.sleep(0.02)"));
        var b = Write("b.py", "B = 1\n");
        await using var launcher = Start();
        await WorkerPidAsync(launcher, version: 1);

        // A save during the stop of the previous module (version 1 waits for `release` before it ends): compiled before the start.
        Write("__main__.py", Worker(version: 2));
        await WaitForLineAsync(launcher, l => l.EndsWith(" version 1 stopping", StringComparison.Ordinal), "version 1 stopping");
        var a = Write("a.py", "def broken(:\n");
        await File.WriteAllTextAsync(release, "");
        await WaitForLineAsync(launcher, l => l == "module_reload: worker/__main__.py changed but worker/a.py does not compile; worker is stopped until a change compiles:",
            "the waiting line naming the broken file saved during the stop");
        await WaitForLineAsync(launcher, l => l.StartsWith($"  {a}:1: ", StringComparison.Ordinal), "a.py's error");
        Assert.Single(Lines(launcher), l => l.StartsWith("module_reload: started worker", StringComparison.Ordinal)); // version 1's only
        Assert.False(launcher.HasExited, $"the launcher exited:\n{launcher.Output}");

        Write("a.py", "A = 1\n");
        await WorkerPidAsync(launcher, version: 2);

        // A save landing while the module starts, after the launcher compiled it: version 3 breaks b.py, then imports it
        // and exits 1 — a reload (b.py changed since the start), not a crash.
        Write("__main__.py", Worker(version: 3, beforeWait: $"with open({Quoted(b)}, 'w') as source:\n    source.write('def broken(:\\n')\nimport worker.b"));
        await WorkerPidAsync(launcher, version: 3);
        await WaitForLineAsync(launcher, l => l == "module_reload: worker/b.py changed but does not compile; worker is stopped until a change compiles:",
            "the waiting line for b.py");
        await WaitForLineAsync(launcher, l => l.StartsWith($"  {b}:1: ", StringComparison.Ordinal), "b.py's error");
        Assert.False(launcher.HasExited, $"the launcher exited:\n{launcher.Output}");
        Assert.DoesNotContain("exiting with it", launcher.Output);

        Write("__main__.py", Worker(version: 4)); // before b.py: version 3 would break b.py again
        Write("b.py", "B = 1\n");
        await WorkerPidAsync(launcher, version: 4);
        Assert.False(launcher.HasExited);
    }

    [Fact]
    public async Task A_module_that_fails_at_start_up_waits_for_a_change_to_a_watched_file_instead_of_ending_the_launcher()
    {
        Write("__main__.py", "import nonexistent_module\n");
        Write("b.py", "B = undefined_name\n");
        await using var launcher = Start();
        await WaitForFailedStartsAsync(launcher, 1);
        Assert.Contains("ModuleNotFoundError: No module named 'nonexistent_module'", launcher.Output);
        Assert.False(launcher.HasExited, $"the launcher exited:\n{launcher.Output}");

        // Started again after a change: it imports b.py, whose top level raises NameError: it waits again.
        Write("__main__.py", Worker(version: 1, beforeWait: "import worker.b"));
        await WorkerPidAsync(launcher, version: 1);
        await WaitForFailedStartsAsync(launcher, 2);
        Assert.Contains("NameError: name 'undefined_name' is not defined", launcher.Output);

        Write("b.py", "B = 1\n");
        await WaitForLineAsync(launcher, l => l == "module_reload: worker/b.py changed: restarting worker", "the restart after the fix");
        await Poll.UntilAsync(() => Task.FromResult(Lines(launcher).Count(l => WorkerLine().IsMatch(l)) == 2), () => $"version 1 did not start again:\n{launcher.Output}", Deadline);
        Assert.False(launcher.HasExited, $"the launcher exited:\n{launcher.Output}");
        Assert.DoesNotContain("exiting with it", launcher.Output);
    }

    [Fact]
    public async Task A_module_that_fails_at_start_up_with_unchanged_sources_is_also_started_again_by_itself_at_growing_intervals_reset_by_a_run()
    {
        // A dependency not up yet: the import fails while a marker outside the watched tree is missing; no change of code cures it.
        var marker = Path.Combine(Root.FullName, "dependency-up");
        var waitForDependency = $"import os\nif not os.path.exists({Quoted(marker)}):\n    raise RuntimeError('dependency not up')\n";
        Write("__main__.py", waitForDependency + Worker(version: 1, beforeWait: $"time.sleep({StartupWindow + 1})\nprint('worker ran past the start-up window', flush=True)"));
        await using var launcher = Start(retrySeconds: $"0.2,0.4,{StartupWindow}");
        await WaitForFailedStartsAsync(launcher, 3, atLeast: true);
        Assert.Equal(new[] { "0.2", "0.4", "0.4" }, RetryDelays(launcher).Take(3));
        Assert.Contains("module_reload: worker: retrying the start (attempt 2, no file changed)", Lines(launcher));
        Assert.Contains("RuntimeError: dependency not up", launcher.Output);

        await File.WriteAllTextAsync(marker, "");
        await WorkerPidAsync(launcher, version: 1);
        Assert.False(launcher.HasExited, $"the launcher exited:\n{launcher.Output}");
        Assert.DoesNotContain("exiting with it", launcher.Output);

        // After a run past the start-up window (and a poll of the launcher), the next failed start-up is retried after the first delay again.
        await WaitForLineAsync(launcher, l => l == "worker ran past the start-up window", "the worker's run past the start-up window");
        var failed = RetryDelays(launcher).Length;
        File.Delete(marker);
        Write("__main__.py", waitForDependency + Worker(version: 2));
        await WaitForFailedStartsAsync(launcher, failed + 1, atLeast: true);
        Assert.Equal("0.2", RetryDelays(launcher)[failed]);
    }

    [Fact]
    public async Task The_liveness_probe_skips_a_launcher_waiting_with_no_child_but_judges_a_stopped_one_and_else_the_module()
    {
        Write("__main__.py", "def broken(:\n");
        await using var launcher = Start();
        await WaitForLineAsync(launcher, l => l.EndsWith("; worker is stopped until a change compiles:", StringComparison.Ordinal), "the waiting line");
        Assert.Null(LivenessMonitor.ModuleOf(launcher.Id));

        // Stopped, it cannot start the module after a fix: probed (and killed when the probe fails) as any hung process.
        await SignalAsync("STOP", launcher.Id);
        await Poll.UntilAsync(() => Task.FromResult(LivenessMonitor.ModuleOf(launcher.Id) == launcher.Id), "a stopped launcher with no child was not probed", Deadline);
        await SignalAsync("CONT", launcher.Id);
        await Poll.UntilAsync(() => Task.FromResult(LivenessMonitor.ModuleOf(launcher.Id) is null), "a resumed launcher waiting with no child was probed", Deadline);

        Write("__main__.py", Worker(version: 1));
        Assert.Equal(await WorkerPidAsync(launcher, version: 1), LivenessMonitor.ModuleOf(launcher.Id));
    }

    /// <summary>A terminal's hangup or Ctrl+C signals its foreground process group: the launcher's, not the module's
    /// (in the launcher's group SIGHUP killed the module before its SIGTERM handler ran, and SIGINT reached it twice).</summary>
    [Theory]
    [InlineData("HUP")]
    [InlineData("INT")]
    public async Task A_hangup_or_Ctrl_C_to_the_terminals_process_group_stops_the_module_once_through_the_launcher(string signal)
    {
        Write("__main__.py", Worker(version: 1));
        await using var launcher = Start(ownSession: true);
        var pid = await WorkerPidAsync(launcher, version: 1);
        Assert.NotEqual(ProcessGroup(launcher.Id), ProcessGroup(pid));

        await SignalAsync(signal, -ProcessGroup(launcher.Id));
        await WaitForLineAsync(launcher, l => l == $"worker pid {pid} version 1 stopping", "the module stopping (its handler, not killed by the signal)");
        await Poll.UntilAsync(() => Task.FromResult(launcher.HasExited), () => $"the launcher still runs after SIG{signal}:\n{launcher.Output}", Deadline);
        Assert.Equal(0, launcher.ExitCode);
        Assert.Single(Lines(launcher), l => l.EndsWith(" stopping", StringComparison.Ordinal));
        Assert.False(ProcessProbe.IsAlive(pid), $"the module (pid {pid}) outlived its launcher");
    }

    [Fact]
    public async Task A_module_that_exits_on_its_own_with_unchanged_sources_ends_the_launcher_with_its_exit_code()
    {
        // Code 2, a configuration error by the apps' convention, even at start-up: a change of code cannot fix it.
        Write("__main__.py", Worker(version: 1, beforeWait: "sys.exit(2)"));
        File.CreateSymbolicLink(Path.Combine(Package, "loop.py"), "loop.py"); // os.stat fails (ELOOP): not a source, not the launcher's end
        await using var launcher = Start();
        var pid = await WorkerPidAsync(launcher, version: 1);

        await WaitForLineAsync(launcher, l => l == $"module_reload: worker (pid {pid}) exited on its own with code 2; exiting with it", "that the module exited");
        await Poll.UntilAsync(() => Task.FromResult(launcher.HasExited), () => $"the launcher still runs after its module exited:\n{launcher.Output}", Deadline);
        Assert.Equal(2, launcher.ExitCode);
    }

    /// <summary><c>python3 module_reload.py worker</c> in the app directory, nothing else watched (PYTHONPATH empty);
    /// a failed start-up is retried by itself only after <paramref name="retrySeconds"/> ("FIRST,MAX[,STARTUP]": never
    /// within a test by default); with <paramref name="ownSession"/> it leads a session and process group of its own (setsid, as a terminal's job).</summary>
    private Launcher Start(string retrySeconds = "600,600", bool ownSession = false) => Launcher.Start(ownSession ? "/usr/bin/setsid" : "/usr/bin/env",
        new Dictionary<string, string> { ["PYTHONPATH"] = "", ["PYTHONDONTWRITEBYTECODE"] = "1", ["MODULE_RELOAD_RETRY_SECONDS"] = retrySeconds },
        [.. ownSession ? ["/usr/bin/env"] : Array.Empty<string>(), "--chdir", App, PythonAppResourceBuilderExtensions.DebianPython,
            PythonAppResourceBuilderExtensions.Launchers.ModuleReload, "worker"]);

    /// <summary>The start-up window (seconds) of the retry test: a failed start-up is well within it on a loaded machine (Python starts in seconds under CI load).</summary>
    private const int StartupWindow = 5;

    private string Write(string name, string content)
    {
        Directory.CreateDirectory(Package);
        if (!File.Exists(Path.Combine(Package, "__init__.py")))
        {
            File.WriteAllText(Path.Combine(Package, "__init__.py"), "");
        }

        // Written beside, then renamed over: the launcher's poll never reads a half-written file (as editors that save atomically).
        var path = Path.Combine(Package, name);
        File.WriteAllText(path + ".saving", content);
        File.Move(path + ".saving", path, overwrite: true);
        return path;
    }

    /// <summary>A worker that says its pid and version, runs <paramref name="beforeWait"/>, then waits to be stopped:
    /// SIGTERM (or SIGINT) says "stopping", runs <paramref name="onStop"/> and ends it with code 0.</summary>
    private static string Worker(int version, string onStop = "", string beforeWait = "") => $$"""
        import os
        import signal
        import sys
        import time


        def stop(*_):
            print(f"worker pid {os.getpid()} version {{version}} stopping", flush=True)
        {{Indented(onStop)}}
            sys.exit(0)


        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        print(f"worker pid {os.getpid()} version {{version}}", flush=True)
        {{beforeWait}}
        while True:
            signal.pause()
        """;

    private static string Indented(string code) => string.Join("\n", code.Split('\n').Select(line => "    " + line));

    private static string Quoted(string path) => "'" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static int BrokenLine(string path) => Array.IndexOf(File.ReadAllLines(path), "def broken(:") + 1;

    private static string[] Lines(Launcher launcher) => launcher.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>The first output line meeting <paramref name="match"/>; fails after <see cref="Deadline"/> showing the output.</summary>
    private static async Task<string> WaitForLineAsync(Launcher launcher, Func<string, bool> match, string what)
    {
        string? found = null;
        await Poll.UntilAsync(() => Task.FromResult((found = Lines(launcher).FirstOrDefault(match)) is not null),
            () => $"The launcher did not print {what} within {Deadline} (exited: {launcher.HasExited}, code {launcher.ExitCode}):\n{launcher.Output}", Deadline);
        return found!;
    }

    /// <summary><c>kill -SIGNAL -- PID</c>; a negative <paramref name="pid"/> signals that process group.</summary>
    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", "--", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private static Task WaitForFailedStartsAsync(Launcher launcher, int count, bool atLeast = false) => Poll.UntilAsync(
        () => Task.FromResult(Lines(launcher).Count(l => FailedStart().IsMatch(l)) is var n && (n == count || atLeast && n > count)),
        () => $"The launcher did not print 'failed at start-up' {count} time(s) within {Deadline} (exited: {launcher.HasExited}, code {launcher.ExitCode}):\n{launcher.Output}", Deadline);

    /// <summary>The delays of the failed start-ups so far ("by itself in N s"), in order.</summary>
    private static string[] RetryDelays(Launcher launcher) => Lines(launcher).Select(l => FailedStart().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToArray();

    /// <summary>The process group of <paramref name="pid"/> (field 5 of /proc/PID/stat).</summary>
    private static int ProcessGroup(int pid) => int.Parse(File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[2], CultureInfo.InvariantCulture);

    private static async Task<int> WorkerPidAsync(Launcher launcher, int version)
    {
        var line = await WaitForLineAsync(launcher, l => WorkerLine().Match(l) is { Success: true } m && m.Groups[2].Value == version.ToString(CultureInfo.InvariantCulture),
            $"'worker pid N version {version}'");
        return int.Parse(WorkerLine().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^worker pid (\d+) version (\d+)$")]
    private static partial Regex WorkerLine();

    [GeneratedRegex(@"^module_reload: worker \(pid \d+\) failed at start-up \(exit code 1 after \d+\.\d s, its error above\); worker starts again when a watched file changes, or by itself in (\d+(?:\.\d+)?) s$")]
    private static partial Regex FailedStart();
}
