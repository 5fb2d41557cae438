using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// Restore (and reset) stops the running resources that depend on the database (a process referencing it, one waiting for that
/// process) through Aspire's stop command, dependants first, and starts them again after, in dependency order; also when
/// the restore fails or is cancelled; not when the AppHost stops meanwhile. A resource that does not depend on the database
/// keeps running. Real PostgreSQL and processes (DCP).
/// </summary>
public sealed class DatabaseCommandDependantsIntegrationTests() : AspireProcessTests("dbcmd-dependants-")
{
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(90);
    private int _port;

    [Fact]
    public async Task Restore_and_reset_stop_the_dependants_dependants_first_and_start_them_again_in_dependency_order_also_after_a_cancelled_restore_not_when_the_AppHost_stops()
    {
        await using var app = await StartAsync();
        var timeline = await WatchAsync(app);
        var before = Pids(app);
        var backup = await CommandAsync(app, PostgresDatabaseCommandsExtensions.BackupCommand);
        Assert.True(backup.Success, backup.Message);
        Assert.Equal(before, Pids(app)); // a backup stops nothing

        var restore = await CommandAsync(app, PostgresDatabaseCommandsExtensions.RestoreCommand);

        Assert.True(restore.Success, restore.Message);
        Assert.EndsWith("Stopped reader, follower for the restore and started them again.", restore.Message);
        var seen = Snapshot(timeline);
        int At(string resource, string state) => seen.FindIndex(e => e == (resource, state)) is var i and >= 0 ? i
            : throw new Xunit.Sdk.XunitException($"'{resource}' never showed '{state}': {string.Join(", ", seen)}");
        int RunningAfter(string resource, int index) => seen.FindIndex(index, e => e == (resource, KnownResourceStates.Running)) is var i and >= 0 ? i
            : throw new Xunit.Sdk.XunitException($"'{resource}' did not run again: {string.Join(", ", seen)}");
        int Stopped(string resource) => seen.FindIndex(e => e.Resource == resource && KnownResourceStates.TerminalStates.Contains(e.State)) is var i and >= 0 ? i
            : throw new Xunit.Sdk.XunitException($"'{resource}' was not stopped: {string.Join(", ", seen)}");
        var restoring = seen.FindIndex(e => e.Resource == "shop" && e.State.StartsWith("Restore (2/2): pg_restore shop-", StringComparison.Ordinal));
        Assert.True(At("shop", "Stopping follower for the restore…") < Stopped("follower"), string.Join(", ", seen));
        Assert.True(Stopped("follower") < At("shop", "Stopping reader for the restore…"), string.Join(", ", seen));
        Assert.True(Stopped("reader") < restoring, string.Join(", ", seen));
        Assert.True(RunningAfter("reader", restoring) < RunningAfter("follower", restoring), string.Join(", ", seen));
        var after = Pids(app);
        Assert.NotEqual(before["reader"], after["reader"]);
        Assert.NotEqual(before["follower"], after["follower"]);
        Assert.Equal(before["bystander"], after["bystander"]);
        Assert.True(app.ResourceNotifications.TryGetCurrentState("reader", out var reader));
        Assert.Null(ProcessProbe.RestartCount(reader)); // the restart policy took the stop for a user stop, not a crash

        var reset = await CommandAsync(app, PostgresDatabaseCommandsExtensions.ResetCommand, ("confirm", "shop"));

        Assert.True(reset.Success, reset.Message);
        Assert.Equal("Dropped and recreated 'shop'; it is empty (no migrations resource was given to WithDatabaseCommands). " +
            "Stopped reader, follower for the reset and started them again.", reset.Message);
        var afterReset = Pids(app);
        Assert.All(new[] { "reader", "follower" }, name => Assert.NotEqual(after[name], afterReset[name]));
        Assert.Equal(before["bystander"], afterReset["bystander"]);

        await CancelAndStopDuringRestoresAsync(app); // in this test: no other start of the app
    }

    [Fact]
    public async Task A_failed_restore_starts_the_dependants_again_also_one_pending_a_restart_and_an_unknown_file_or_a_stopped_dependency_stops_nothing()
    {
        await using var app = await StartAsync();
        var before = Pids(app);

        var unknown = await CommandAsync(app, PostgresDatabaseCommandsExtensions.RestoreCommand, ("file", "shop-20991231-235958.dump"));

        Assert.False(unknown.Success);
        Assert.StartsWith("Restore of 'shop' failed: 'shop-20991231-235958.dump' is not a backup of 'shop'", unknown.Message);
        Assert.Equal(before, Pids(app));

        await File.WriteAllTextAsync(Path.Combine(Root.FullName, "shop-20991231-235959.dump"), "this is not a pg_dump archive");
        var corrupt = await CommandAsync(app, PostgresDatabaseCommandsExtensions.RestoreCommand);

        Assert.False(corrupt.Success);
        Assert.StartsWith("Restore of 'shop' failed: pg_restore failed with exit code 1", corrupt.Message);
        Assert.EndsWith("Stopped reader, follower for the restore and started them again.", corrupt.Message);
        var after = Pids(app);
        Assert.All(new[] { "reader", "follower" }, name => Assert.NotEqual(before[name], after[name]));
        Assert.All(new[] { "reader", "follower", "shop" }, name =>
        {
            Assert.True(app.ResourceNotifications.TryGetCurrentState(name, out var now));
            Assert.Equal(KnownResourceStates.Running, now.Snapshot.State?.Text);
        });

        // A dependant pending a restart (its delay runs) is stopped too (the stop cancels the restart) and started again after.
        System.Diagnostics.Process.GetProcessById(after["follower"]).Kill();
        await WaitForAsync(app, "follower", e => RestartStateText.IsPending(e.Snapshot.State?.Text), "a pending restart");
        var pending = await CommandAsync(app, PostgresDatabaseCommandsExtensions.RestoreCommand);
        Assert.EndsWith("Stopped reader, follower for the restore and started them again.", pending.Message);
        var restarted = Pids(app);
        Assert.All(new[] { "reader", "follower" }, name => Assert.NotEqual(after[name], restarted[name]));

        // A running dependant waiting for a stopped resource could not start again: refused, nothing stopped.
        Assert.True((await app.ResourceCommands.ExecuteCommandAsync("reader", KnownResourceCommands.StopCommand)).Success);
        var refused = await CommandAsync(app, PostgresDatabaseCommandsExtensions.RestoreCommand);
        Assert.False(refused.Success);
        Assert.Equal("Restore of 'shop' failed: follower waits for reader, which is not running; start reader first (dashboard or "
            + "`aspire resource <name> start`), then run 'restore' again. Nothing was stopped.", refused.Message);
        Assert.Equal(restarted["follower"], Pids(app)["follower"]);
    }

    /// <summary>
    /// A cancelled restore ends pg_restore, says so in the database's log and starts the dependants again; the AppHost
    /// stopping during one skips the starts quietly (a warning) and leaves no process. Stops <paramref name="app"/>.
    /// </summary>
    private async Task CancelAndStopDuringRestoresAsync(DistributedApplication app)
    {
        await using var log = new ResourceLogCollector(app, "shop");
        var before = Pids(app);

        // Cancelled (as Ctrl+C in the CLI) while pg_restore waits for the archive: a FIFO the test holds open.
        using (var cancel = new CancellationTokenSource(CommandDeadline))
        {
            var (restore, archive) = await RestoreFromFifoAsync(app, "shop-20991231-235957.dump", cancel.Token);
            await cancel.CancelAsync();
            await archive.DisposeAsync();
            var cancelled = await restore;

            Assert.True(cancelled.Canceled, cancelled.Message);
            await log.WaitForLineAsync(l => l.Contains("Restore of 'shop' was cancelled; check the database before relying on it. " +
                "Stopped reader, follower for the restore and started them again.", StringComparison.Ordinal), "of the cancelled restore", PythonIntegrationTests.Deadline);
            await Poll.UntilAsync(() => Task.FromResult(PgRestorePids().Count == 0), () => $"pg_restore is left: {string.Join(", ", PgRestorePids())}", PythonIntegrationTests.Deadline);
            var after = Pids(app);
            Assert.All(new[] { "reader", "follower" }, name => Assert.NotEqual(before[name], after[name]));
        }

        // The AppHost stopping during a restore: the restore ends, the dependants are not started again (DCP is tearing
        // down), no error is logged, and no process of the app is left.
        var errorsBefore = ErrorLines(app).Count;
        var (stopped, held) = await RestoreFromFifoAsync(app, "shop-20991231-235958.dump", CancellationToken.None);
        var stopping = app.StopAsync();
        await Poll.UntilAsync(() => Task.FromResult(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested),
            "the AppHost did not begin to stop", PythonIntegrationTests.Deadline);
        await held.DisposeAsync();
        var result = await stopped;
        await stopping;

        Assert.True(result.Canceled, result.Message);
        await log.WaitForLineAsync(l => l.Contains("Restore of 'shop' was cancelled; check the database before relying on it. " +
            "Stopped reader, follower for the restore; not started again: the AppHost is stopping.", StringComparison.Ordinal), "of the restore the AppHost's stop ended", PythonIntegrationTests.Deadline);
        Assert.Contains(app.Services.GetFakeLogCollector().GetSnapshot(), r => r.Message.Contains("not started again: the AppHost is stopping", StringComparison.Ordinal)); // forwarded: an error would be
        Assert.Empty(ErrorLines(app).Skip(errorsBefore));
        Assert.Empty(PgRestorePids());
        await Poll.UntilAsync(() => Task.FromResult(ProcessesIn(Root.FullName).Count == 0),
            () => $"processes of the app are left: {string.Join(", ", ProcessesIn(Root.FullName))}", PythonIntegrationTests.Deadline);
    }

    /// <summary>
    /// Starts a restore of <paramref name="name"/>, a FIFO in the backup directory, and returns once pg_restore runs and
    /// reads it (the dependants are stopped by then); the restore goes on when the returned writer is closed (an empty archive).
    /// </summary>
    private async Task<(Task<ExecuteCommandResult> Restore, FileStream Archive)> RestoreFromFifoAsync(DistributedApplication app, string name, CancellationToken cancellationToken)
    {
        var fifo = Path.Combine(Root.FullName, name);
        Assert.Equal(0, (await ChildProcess.RunAsync("mkfifo", [fifo], CancellationToken.None)).ExitCode);
        var restore = app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("shop", PostgresDatabaseCommandsExtensions.RestoreCommand,
            new InteractionInputCollection([new InteractionInput { Name = "file", InputType = InputType.Text, Value = name }]), cancellationToken);
        var archive = await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write)); // returns once the restore opened it
        await Poll.UntilAsync(() => Task.FromResult(PgRestorePids().Count > 0), "pg_restore did not start", PythonIntegrationTests.Deadline);
        return (restore, archive);
    }

    /// <summary>The pids of the pg_restore processes of this test's server (the port in their command line).</summary>
    private List<int> PgRestorePids() => [.. Processes().Where(p => p.CommandLine.Contains("pg_restore", StringComparison.Ordinal)
        && p.CommandLine.Contains($"--port={_port}", StringComparison.Ordinal)).Select(p => p.Pid)];

    /// <summary>The processes whose working directory is <paramref name="directory"/> (the test's executables).</summary>
    private static List<string> ProcessesIn(string directory) => [.. Processes().Where(p => p.WorkingDirectory == directory).Select(p => $"{p.Pid} {p.CommandLine}")];

    private static IEnumerable<(int Pid, string CommandLine, string? WorkingDirectory)> Processes()
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid))
            {
                (string, string?)? read = null;
                try
                {
                    read = (File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' '), new FileInfo(Path.Combine(entry, "cwd")).LinkTarget);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }

                if (read is var (commandLine, directory))
                {
                    yield return (pid, commandLine, directory);
                }
            }
        }
    }

    /// <summary>The error lines of the shop's log (where the commands log) so far, as forwarded to the AppHost's console.</summary>
    private static List<string> ErrorLines(DistributedApplication app)
        => [.. app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level >= LogLevel.Error && r.Category!.EndsWith(".Resources.shop", StringComparison.Ordinal))
            .Select(r => r.Message)];

    /// <summary>
    /// pg with the database shop; reader references shop (its connection string) and waits for it; follower waits for
    /// reader (its restart delay is 20 s: a crash leaves a pending restart); bystander depends on nothing. The three are
    /// <c>sleep</c>, under the restart policy.
    /// </summary>
    private async Task<DistributedApplication> StartAsync()
    {
        var builder = PythonIntegrationTests.CreateBuilder();
        builder.Services.AddFakeLogging(); // the AppHost's console, the resources' logs forwarded to it
        var shop = builder.AddPostgresExecutable("pg").AddDatabase("shop").WithDatabaseCommands(Root.FullName);
        var sleep = File.Exists("/usr/bin/sleep") ? "/usr/bin/sleep" : "/bin/sleep";
        var reader = builder.AddExecutable("reader", sleep, Root.FullName, "3600").WithReference(shop).WaitFor(shop).WithRestartPolicy();
        builder.AddExecutable("follower", sleep, Root.FullName, "3600").WaitFor(reader).WithRestartPolicy(initialDelay: TimeSpan.FromSeconds(20));
        builder.AddExecutable("bystander", sleep, Root.FullName, "3600").WithRestartPolicy();
        var app = await builder.BuildAsync();
        try
        {
            await app.StartAsync();
            foreach (var name in new[] { "shop", "reader", "follower", "bystander" })
            {
                await WaitForAsync(app, name, e => e.Snapshot.State?.Text == KnownResourceStates.Running && (name == "shop" || ProcessProbe.Pid(e) > 0), "Running");
            }

            var connectionString = await app.GetConnectionStringAsync("shop") ?? throw new InvalidOperationException("no connection string");
            _port = new NpgsqlConnectionStringBuilder(connectionString).Port;
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE orders (client_order_id text PRIMARY KEY)", connection);
            await create.ExecuteNonQueryAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static Dictionary<string, int> Pids(DistributedApplication app)
        => new[] { "reader", "follower", "bystander" }.ToDictionary(name => name,
            name => app.ResourceNotifications.TryGetCurrentState(name, out var e) ? ProcessProbe.Pid(e) : 0);

    private static async Task<ExecuteCommandResult> CommandAsync(DistributedApplication app, string command, params (string Name, string Value)[] arguments)
    {
        using var deadline = new CancellationTokenSource(CommandDeadline);
        return await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("shop", command,
            new InteractionInputCollection([.. arguments.Select(a => new InteractionInput { Name = a.Name, InputType = InputType.Text, Value = a.Value })]),
            deadline.Token);
    }

    /// <summary>
    /// Every (resource, state text) change from now on, in order (collected until the app stops); returns once the watch
    /// has seen the current state of the four resources, so no later change is missed.
    /// </summary>
    private static async Task<List<(string Resource, string State)>> WatchAsync(DistributedApplication app)
    {
        var seen = new List<(string Resource, string State)>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in app.ResourceNotifications.WatchAsync(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping))
                {
                    lock (seen)
                    {
                        if (e.Snapshot.State?.Text is { } text && (seen.Count == 0 || seen.FindLast(s => s.Resource == e.Resource.Name).State != text))
                        {
                            seen.Add((e.Resource.Name, text));
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await Poll.UntilAsync(() => Task.FromResult(Snapshot(seen).Select(e => e.Resource).Distinct().Count(n => n is "shop" or "reader" or "follower" or "bystander") == 4),
            "the watch did not see the four resources' states", PythonIntegrationTests.Deadline);
        return seen;
    }

    private static List<(string Resource, string State)> Snapshot(List<(string Resource, string State)> seen)
    {
        lock (seen)
        {
            return [.. seen];
        }
    }
}
