using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using TradingAspire.TestSupport;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// Restore (and reset) stops the running resources that depend on the database (a process referencing it, one waiting for that
/// process) through Aspire's stop command, dependants first, and starts them again after, in dependency order; also when
/// the restore fails. A resource that does not depend on the database keeps running. Real PostgreSQL and processes (DCP).
/// </summary>
public sealed class DatabaseCommandDependantsIntegrationTests() : AspireProcessTests("dbcmd-dependants-")
{
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Restore_and_reset_stop_the_dependants_dependants_first_and_start_them_again_in_dependency_order()
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
    /// pg with the database shop; reader references shop (its connection string) and waits for it; follower waits for
    /// reader (its restart delay is 20 s: a crash leaves a pending restart); bystander depends on nothing. The three are
    /// <c>sleep</c>, under the restart policy.
    /// </summary>
    private async Task<DistributedApplication> StartAsync()
    {
        var builder = PythonIntegrationTests.CreateBuilder();
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
