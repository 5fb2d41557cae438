using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace TradingAspire.Hosting.Tests;

/// <summary>backup, restore and reset on a real PostgreSQL run by Aspire (DCP), invoked through Aspire's command service as the dashboard and CLI do.</summary>
public sealed class DatabaseCommandIntegrationTests() : AspireProcessTests("dbcmd-backups-")
{
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Backup_then_change_then_restore_gives_the_data_back_even_with_a_client_holding_a_lock()
    {
        await using var builder = CreateBuilder();
        builder.AddPostgresExecutable("pg").AddDatabase("shop").WithDatabaseCommands(Root.FullName);
        var checks = RecordCheckRuns(builder, "shop");
        await using var app = await StartAsync(builder);
        var states = WatchStateTexts(app, "shop");
        var connectionString = await app.GetConnectionStringAsync("shop") ?? throw new InvalidOperationException("no connection string");
        await ExecuteAsync(connectionString, "CREATE TABLE orders (client_order_id text PRIMARY KEY, quantity int); INSERT INTO orders VALUES ('A-1', 10)");

        var backup = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.BackupCommand);

        Assert.True(backup.Success, backup.Message);
        var file = Assert.Single(Root.GetFiles());
        Assert.Matches(new Regex(@"^shop-\d{8}-\d{6}\.dump$"), file.Name);
        Assert.Contains(file.FullName, backup.Message);
        Assert.Equal(backup.Message, backup.Data?.Value); // what `aspire resource shop backup` prints

        await ExecuteAsync(connectionString, "DELETE FROM orders; INSERT INTO orders VALUES ('B-2', 99)");
        // A dependent service holding a connection and a lock on the table: without closing it, pg_restore --clean would wait forever.
        await using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await holder.OpenAsync();
        await using (var lockTable = new NpgsqlCommand("BEGIN; SELECT count(*) FROM orders", holder))
        {
            await lockTable.ExecuteScalarAsync();
        }

        var restore = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.RestoreCommand);

        Assert.True(restore.Success, restore.Message);
        Assert.Contains(file.Name, restore.Message);
        Assert.Equal(["A-1:10"], await OrdersAsync(connectionString));
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var probe = new NpgsqlCommand("SELECT 1", holder);
            await probe.ExecuteScalarAsync();
        });
        Assert.Contains(states, s => s.Text.StartsWith("Backup: pg_dump to shop-", StringComparison.Ordinal));
        Assert.Contains(states, s => s.Text.StartsWith("Restore (2/2): pg_restore shop-", StringComparison.Ordinal));
        Assert.True(app.ResourceNotifications.TryGetCurrentState("shop", out var now));
        Assert.Equal(KnownResourceStates.Running, now.Snapshot.State?.Text);

        // The restore ended the sessions to 'shop' before "Restore (2/2)": every run of its health check begun since (Aspire's,
        // and one here, which gets the connection a pool kept from before if no run did) is healthy, none reads 57P01.
        await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "shop_check");
        List<CustomResourceSnapshot> Seen()
        {
            lock (states)
            {
                return [.. states.Select(s => s.Snapshot)];
            }
        }

        await Poll.UntilAsync(() => Task.FromResult(checks.Done && app.ResourceNotifications.TryGetCurrentState("shop", out var last)
            && Seen().Exists(s => ReferenceEquals(s, last.Snapshot))), "a run of shop_check or a state of shop is missing", CommandDeadline);
        var seen = Seen();
        var terminated = seen.FindIndex(s => s.State?.Text.StartsWith("Restore (2/2)", StringComparison.Ordinal) == true);
        Assert.All(checks.BegunIn(snapshot => snapshot is not null && seen.FindIndex(s => ReferenceEquals(s, snapshot)) >= terminated),
            result => Assert.True(result.Status == HealthStatus.Healthy, $"{result.Status}: {result.Exception?.Message}"));
    }

    [Fact]
    public async Task Restore_without_a_backup_or_of_a_corrupt_file_fails_with_the_reason_and_changes_nothing()
    {
        await using var builder = CreateBuilder();
        builder.AddPostgresExecutable("pg").AddDatabase("shop").WithDatabaseCommands(Root.FullName);
        await using var app = await StartAsync(builder);
        var connectionString = await app.GetConnectionStringAsync("shop") ?? throw new InvalidOperationException("no connection string");
        await ExecuteAsync(connectionString, "CREATE TABLE orders (client_order_id text PRIMARY KEY, quantity int); INSERT INTO orders VALUES ('A-1', 10)");

        var none = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.RestoreCommand);

        Assert.False(none.Success);
        Assert.Contains("There is no backup of 'shop'", none.Message);

        await File.WriteAllTextAsync(Path.Combine(Root.FullName, "shop-20991231-235959.dump"), "this is not a pg_dump archive");
        var corrupt = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.RestoreCommand);

        Assert.False(corrupt.Success);
        Assert.Contains("pg_restore failed with exit code 1", corrupt.Message);
        Assert.Contains("does not appear to be a valid archive", corrupt.Message);
        Assert.Equal(["A-1:10"], await OrdersAsync(connectionString));
        Assert.True(app.ResourceNotifications.TryGetCurrentState("shop", out var now));
        Assert.Equal(KnownResourceStates.Running, now.Snapshot.State?.Text);
    }

    [Fact]
    public async Task Restore_of_a_chosen_backup_file_restores_that_one_and_an_unknown_name_lists_the_backups()
    {
        await using var builder = CreateBuilder();
        builder.Services.AddSingleton<TimeProvider>(new ShiftedClock(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero) - DateTimeOffset.UtcNow));
        builder.AddPostgresExecutable("pg").AddDatabase("shop").WithDatabaseCommands(Root.FullName);
        await using var app = await StartAsync(builder);
        var connectionString = await app.GetConnectionStringAsync("shop") ?? throw new InvalidOperationException("no connection string");
        await ExecuteAsync(connectionString, "CREATE TABLE orders (client_order_id text PRIMARY KEY, quantity int); INSERT INTO orders VALUES ('A-1', 10)");
        var first = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.BackupCommand);
        await ExecuteAsync(connectionString, "INSERT INTO orders VALUES ('B-2', 20)");
        var second = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.BackupCommand);
        Assert.True(first.Success && second.Success, $"{first.Message} / {second.Message}");
        var files = Root.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count); // a second backup within the same second gets "-2", never overwrites
        Assert.All(files, name => Assert.StartsWith("shop-2031", name, StringComparison.Ordinal)); // the AppHost's TimeProvider names the file

        var unknown = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.RestoreCommand, ("file", "../etc/passwd"));

        Assert.False(unknown.Success);
        Assert.Contains("is not a backup of 'shop'", unknown.Message);
        Assert.All(files, name => Assert.Contains(name, unknown.Message));

        var oldest = files.Single(name => first.Message!.Contains(name, StringComparison.Ordinal));
        var restore = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.RestoreCommand, ("file", oldest));

        Assert.True(restore.Success, restore.Message);
        Assert.Equal(["A-1:10"], await OrdersAsync(connectionString));
    }

    [Fact]
    public async Task Reset_needs_the_database_name_then_empties_the_tables_and_runs_the_migrations_once()
    {
        await using var builder = CreateBuilder();
        var pg = builder.AddPostgresExecutable("pg");
        var shop = pg.AddDatabase("shop");
        // A stand-in for the DbUp migrations project: psql creates the schema and records each run, then exits 0.
        var migrate = builder.AddExecutable("migrate", PostgresInstallation.Current.Require("psql"), Root.FullName,
                "-v", "ON_ERROR_STOP=1", "-c",
                "CREATE TABLE IF NOT EXISTS orders (client_order_id text PRIMARY KEY); CREATE TABLE IF NOT EXISTS migration_runs (id serial); INSERT INTO migration_runs DEFAULT VALUES;")
            .WithEnvironment("PGHOST", "127.0.0.1")
            .WithEnvironment("PGPORT", $"{pg.Resource.PrimaryEndpoint.Property(EndpointProperty.Port)}")
            .WithEnvironment("PGUSER", "postgres")
            .WithEnvironment("PGPASSWORD", $"{pg.Resource.PasswordParameter}")
            .WithEnvironment("PGDATABASE", "shop")
            .WaitFor(shop);
        shop.WithDatabaseCommands(Root.FullName, migrate);
        await using var app = await StartAsync(builder);
        await PythonIntegrationTests.WaitForStateAsync(app, "migrate", KnownResourceStates.Finished);
        var connectionString = await app.GetConnectionStringAsync("shop") ?? throw new InvalidOperationException("no connection string");
        await ExecuteAsync(connectionString, "INSERT INTO orders VALUES ('A-1')");

        // Aspire validates the arguments before the command runs (the CLI shows our message per argument).
        var unconfirmed = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.ResetCommand, ("confirm", "yes"));
        var withoutArgument = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.ResetCommand);

        Assert.False(unconfirmed.Success);
        Assert.Contains("validation failed", unconfirmed.Message);
        Assert.False(withoutArgument.Success, withoutArgument.Message);
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM orders"));

        var reset = await CommandAsync(app, "shop", PostgresDatabaseCommandsExtensions.ResetCommand, ("confirm", "shop"));

        Assert.True(reset.Success, reset.Message);
        Assert.Contains("'migrate' ran again and exited 0", reset.Message);
        Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM orders"));
        Assert.Equal(1L, await ScalarAsync(connectionString, "SELECT count(*) FROM migration_runs"));
    }

    private static IDistributedApplicationTestingBuilder CreateBuilder()
    {
        var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddStartupHealthPolling(); // as the AppHost: seen healthy within 100 ms, not after Aspire's 1-5 s back-off
        return builder;
    }

    private static async Task<DistributedApplication> StartAsync(IDistributedApplicationTestingBuilder builder)
    {
        var app = await builder.BuildAsync();
        await app.StartAsync();
        using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("shop", deadline.Token);
        await app.ResourceNotifications.WaitForResourceAsync("shop", KnownResourceStates.Running, deadline.Token);
        return app;
    }

    private static async Task<ExecuteCommandResult> CommandAsync(DistributedApplication app, string resource, string command, params (string Name, string Value)[] arguments)
    {
        using var deadline = new CancellationTokenSource(CommandDeadline);
        var service = app.Services.GetRequiredService<ResourceCommandService>();
        return arguments.Length == 0
            ? await service.ExecuteCommandAsync(resource, command, deadline.Token)
            : await service.ExecuteCommandAsync(resource, command,
                new InteractionInputCollection([.. arguments.Select(a => new InteractionInput { Name = a.Name, InputType = InputType.Text, Value = a.Value })]),
                deadline.Token);
    }

    /// <summary>Every state text <paramref name="resource"/> shows from now on, with its snapshot (collected in the background until the app stops).</summary>
    private static List<(string Text, CustomResourceSnapshot Snapshot)> WatchStateTexts(DistributedApplication app, string resource)
    {
        var texts = new List<(string Text, CustomResourceSnapshot Snapshot)>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var update in app.ResourceNotifications.WatchAsync(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping))
                {
                    if (update.Resource.Name == resource && update.Snapshot.State?.Text is { } text)
                    {
                        lock (texts)
                        {
                            texts.Add((text, update.Snapshot));
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        return texts;
    }

    /// <summary>A connection outside any pool: restore and reset end the server sessions of pooled ones.</summary>
    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<string>> OrdersAsync(string connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand("SELECT client_order_id || ':' || quantity FROM orders ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>Records every run of the health check <c>{resource}_check</c>: the resource's snapshot when it began, and its result.</summary>
    private static CheckRuns RecordCheckRuns(IDistributedApplicationTestingBuilder builder, string resource)
    {
        var runs = new CheckRuns();
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            var registration = options.Registrations.Single(r => r.Name == $"{resource}_check");
            var factory = registration.Factory;
            registration.Factory = services => new RecordedCheck(factory(services), runs,
                () => services.GetRequiredService<ResourceNotificationService>().TryGetCurrentState(resource, out var e) ? e.Snapshot : null);
        });
        return runs;
    }

    private sealed class CheckRuns
    {
        private readonly List<(CustomResourceSnapshot? Snapshot, HealthCheckResult? Result)> _runs = [];

        public bool Done
        {
            get
            {
                lock (_runs)
                {
                    return _runs.All(r => r.Result is not null);
                }
            }
        }

        public int Begin(CustomResourceSnapshot? snapshot)
        {
            lock (_runs)
            {
                _runs.Add((snapshot, null));
                return _runs.Count - 1;
            }
        }

        public void End(int run, HealthCheckResult result)
        {
            lock (_runs)
            {
                _runs[run] = (_runs[run].Snapshot, result);
            }
        }

        /// <summary>The results of the finished runs begun when the resource's snapshot was one that <paramref name="selected"/> accepts.</summary>
        public IReadOnlyList<HealthCheckResult> BegunIn(Func<CustomResourceSnapshot?, bool> selected)
        {
            lock (_runs)
            {
                return [.. _runs.Where(r => r.Result is not null && selected(r.Snapshot)).Select(r => r.Result!.Value)]; // Aspire's next run may be under way
            }
        }
    }

    private sealed class RecordedCheck(IHealthCheck inner, CheckRuns runs, Func<CustomResourceSnapshot?> snapshot) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var run = runs.Begin(snapshot());
            var result = new HealthCheckResult(HealthStatus.Unhealthy, "threw");
            try
            {
                return result = await inner.CheckHealthAsync(context, cancellationToken);
            }
            finally
            {
                runs.End(run, result);
            }
        }
    }

    /// <summary>The system clock moved by a fixed offset (timers stay real, so Aspire's own waits behave).</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
