using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace TradingAspire.Hosting.Tests;

/// <summary>The commands WithDatabaseCommands declares (names, confirmation, arguments, when enabled), without processes.</summary>
public sealed class DatabaseCommandModelTests() : TemporaryDirectoryTest("dbcmd-model-")
{
    private async Task<Dictionary<string, ResourceCommandAnnotation>> CommandsAsync()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var shop = builder.AddPostgresExecutable("pg").AddDatabase("shop").WithDatabaseCommands(Root.FullName);
        return shop.Resource.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(c => c.Name);
    }

    [Fact]
    public async Task Backup_restore_and_reset_are_declared_and_only_reset_asks_for_confirmation()
    {
        var commands = await CommandsAsync();

        Assert.Equal(["backup", "reset", "restore"], commands.Keys.Order(StringComparer.Ordinal));
        Assert.Null(commands["backup"].ConfirmationMessage);
        Assert.Null(commands["restore"].ConfirmationMessage);
        Assert.Contains("Drop database 'shop'", commands["reset"].ConfirmationMessage);
        var confirm = Assert.Single(commands["reset"].Arguments!);
        Assert.Equal(("confirm", true), (confirm.Name, confirm.Required));
    }

    [Fact]
    public async Task The_restore_argument_lists_the_backups_newest_first()
    {
        foreach (var name in new[] { "shop-20261128-090000.dump", "shop-20261129-120000.dump", "other-20261130-000000.dump", "notes.txt" })
        {
            await File.WriteAllTextAsync(Path.Combine(Root.FullName, name), "x");
        }

        var file = Assert.Single((await CommandsAsync())["restore"].Arguments!);
        Assert.False(file.Required);
        await file.DynamicLoading!.LoadCallback(new LoadInputContext { Input = file, AllInputs = new InteractionInputCollection([file]), Services = null!, CancellationToken = default });

        Assert.Equal(["shop-20261129-120000.dump", "shop-20261128-090000.dump"], file.Options!.Select(o => o.Key));
    }

    [Theory]
    [InlineData("Running", true)]
    [InlineData("Waiting for pg", false)]
    [InlineData("Restore (2/2): pg_restore shop-20261129-120000.dump", false)]
    public async Task Commands_are_enabled_only_while_the_database_is_running(string state, bool enabled)
    {
        var commands = await CommandsAsync();
        var context = new UpdateCommandStateContext
        {
            ResourceSnapshot = new CustomResourceSnapshot { ResourceType = "PostgresDatabase", Properties = [], State = state },
            Services = null!,
        };

        Assert.All(commands.Values, command => Assert.Equal(enabled ? ResourceCommandState.Enabled : ResourceCommandState.Disabled, command.UpdateState(context)));
    }

    [Fact]
    public async Task The_dependants_of_a_database_are_what_references_or_waits_for_it_directly_or_through_another_in_start_order()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var pg = builder.AddPostgresExecutable("pg");
        var shop = pg.AddDatabase("shop");
        var cache = builder.AddRedisExecutable("cache");
        var migrate = builder.AddExecutable("migrate", "true", Root.FullName).WithReference(shop).WaitFor(shop);
        var gateway = builder.AddExecutable("gateway", "true", Root.FullName).WithHttpEndpoint().WithReference(shop).WaitFor(shop).WithReference(cache);
        var api = builder.AddExecutable("api", "true", Root.FullName).WithHttpEndpoint().WithReference(shop).WithReference(gateway.GetEndpoint("http"));
        builder.AddExecutable("worker", "true", Root.FullName).WithReference(api.GetEndpoint("http")).WaitFor(cache);
        builder.AddExecutable("ui", "true", Root.FullName).WithReference(api.GetEndpoint("http")).WaitFor(gateway);
        builder.AddExecutable("report", "true", Root.FullName).WaitForCompletion(migrate);
        builder.AddExecutable("bystander", "true", Root.FullName).WithReference(cache).WaitFor(cache);

        var waves = DatabaseDependants.StartWaves(builder.Resources, shop.Resource);

        Assert.Equal(["migrate, gateway", "api, report", "worker, ui"], waves.Select(DatabaseDependants.Names));
    }

    [Fact]
    public async Task A_dependant_stop_cancelled_without_a_reason_reads_cancelled_is_not_recorded_as_stopped_and_rethrows_a_cancellation()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var shop = builder.AddPostgresExecutable("pg").AddDatabase("shop");
        var reader = builder.AddExecutable("reader", "true", Root.FullName).WithReference(shop).WaitFor(shop);
        reader.WithCommand(KnownResourceCommands.StopCommand, "Stop", _ => Task.FromResult(CommandResults.Canceled())); // as Aspire's when cancelled
        await using var app = await builder.BuildAsync();
        foreach (var resource in new IResource[] { shop.Resource.Parent, shop.Resource, reader.Resource })
        {
            await app.ResourceNotifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Running });
        }

        var dependants = new DatabaseDependants(app.ResourceCommands, app.ResourceNotifications);
        var waves = DatabaseDependants.StartWaves(builder.Resources, shop.Resource);
        var (stopped, cancelledStopped) = (new List<IReadOnlyList<IResource>>(), new List<IReadOnlyList<IResource>>());

        var failed = await Assert.ThrowsAsync<DistributedApplicationException>(() => dependants.StopRunningAsync(waves, "restore", stopped, _ => Task.CompletedTask, CancellationToken.None));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dependants.StopRunningAsync(waves, "restore", cancelledStopped, _ => Task.CompletedTask, new CancellationToken(true)));

        Assert.Equal($"could not stop reader: {KnownResourceCommands.StopCommand} failed: cancelled", failed.Message);
        Assert.Empty(stopped); // its stop failed: not started again as if it had stopped
        Assert.Equal(["reader"], cancelledStopped.Select(DatabaseDependants.Names)); // a cancelled stop may have stopped it
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(3, true)]
    [InlineData(3, false)]
    public async Task The_migrations_run_again_is_judged_by_its_new_run_not_by_the_last_one_that_ended_well(int exitCode, bool endsBeforeStartReturns)
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var shop = builder.AddPostgresExecutable("pg").AddDatabase("shop");
        var migrate = builder.AddExecutable("migrate", "true", Root.FullName).WithReference(shop).WaitFor(shop);
        Task EndNewRun(ResourceNotificationService notifications) => notifications.PublishUpdateAsync(migrate.Resource,
            s => s with { State = KnownResourceStates.Finished, ExitCode = exitCode, StartTimeStamp = DateTime.UtcNow });
        migrate.WithCommand(KnownResourceCommands.StartCommand, "Start", async context =>
        {
            if (endsBeforeStartReturns)
            {
                await EndNewRun(context.Services.GetRequiredService<ResourceNotificationService>());
            }

            return CommandResults.Success();
        });
        await using var app = await builder.BuildAsync();
        await app.ResourceNotifications.PublishUpdateAsync(migrate.Resource, // the first run, which ended well a minute ago
            s => s with { State = KnownResourceStates.Finished, ExitCode = 0, StartTimeStamp = DateTime.UtcNow.AddMinutes(-1) });

        var run = new DatabaseDependants(app.ResourceCommands, app.ResourceNotifications).RunMigrationsAgainAsync(migrate.Resource, CancellationToken.None);
        if (!endsBeforeStartReturns)
        {
            await EndNewRun(app.ResourceNotifications);
        }

        var error = await Record.ExceptionAsync(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(exitCode == 0 ? null : "The migrations resource 'migrate' ended Finished with exit code 3; the database was recreated but its schema is " +
            "incomplete. Read its log (dashboard, or: aspire logs migrate), fix the cause, then run 'reset' again.", error?.Message);
    }

    [Theory]
    [InlineData("fails", false, "Restore of 'shop' failed: pg_restore failed with exit code 1: input file is too short.")]
    [InlineData("cancelled", true, "Restore of 'shop' was cancelled; check the database before relying on it.")]
    [InlineData("succeeds", true, "restored.")] // restored, but its dependants are not back: cancelled, as before
    public async Task A_restore_the_AppHost_stops_during_is_cancelled_unless_it_failed(string outcome, bool cancelled, string message)
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        var shop = builder.AddPostgresExecutable("pg").AddDatabase("shop");
        var reader = builder.AddExecutable("reader", "true", Root.FullName).WithReference(shop).WaitFor(shop);
        reader.WithCommand(KnownResourceCommands.StopCommand, "Stop", async context =>
        {
            await context.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(reader.Resource, s => s with { State = KnownResourceStates.Exited });
            return CommandResults.Success();
        });
        await using var app = await builder.BuildAsync();
        foreach (var resource in new IResource[] { shop.Resource.Parent, shop.Resource, reader.Resource })
        {
            await app.ResourceNotifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Running });
        }

        var runner = new PostgresDatabaseCommandRunner(shop.Resource, new BackupDirectory(Root.FullName, "shop"), null, PostgresInstallation.Current);
        var logs = new FakeLogger();
        var context = new ExecuteCommandContext { Services = app.Services, ResourceName = "shop", Arguments = new InteractionInputCollection([]), CancellationToken = CancellationToken.None, Logger = logs };

        var result = await runner.RunAsync(context, "Restore", stopsDependants: true, (_, ct) =>
        {
            app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication(); // Ctrl+C while pg_restore runs
            return outcome switch
            {
                "fails" => throw new DistributedApplicationException("pg_restore failed with exit code 1: input file is too short"),
                "cancelled" => Task.FromCanceled<string>(ct),
                _ => Task.FromResult("restored."),
            };
        });

        Assert.Equal((false, cancelled), (result.Success, result.Canceled));
        Assert.Equal(cancelled ? LogLevel.Warning : LogLevel.Error, logs.LatestRecord.Level);
        Assert.Equal($"{message} Stopped reader for the restore; not started again: the AppHost is stopping.", logs.LatestRecord.Message);
    }
}
