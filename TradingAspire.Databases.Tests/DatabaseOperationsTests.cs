using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TradingAspire.Hosting.Orchestration;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

/// <summary>
/// Backup, reset, restore, status and migrate on one server shared by the class (xUnit runs a class's tests one at a
/// time). The tests change the whole database, so each compares row counts with what it saw itself.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DatabaseOperationsTests(DatabaseOperationsTests.OperationsDatabase fixture) : IClassFixture<DatabaseOperationsTests.OperationsDatabase>
{
    /// <summary>PostgreSQL + database trading with the real migrations, in its own state directory.</summary>
    public sealed class OperationsDatabase : IAsyncLifetime
    {
        public string StateDirectory { get; } = DatabaseApp.NewStateDirectory();

        public Hosting.DistributedApplication App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = await DatabaseApp.StartAsync(StateDirectory, declare: b => b.AddPostgres("postgres").AddDatabase("trading").WithMigrations(TestPaths.Migrations));
            await DatabaseApp.WaitHealthyAsync(App, "trading");
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            Directory.Delete(StateDirectory, recursive: true);
        }
    }

    private Hosting.DistributedApplication App => fixture.App;

    private string State => fixture.StateDirectory;

    private Task<Hosting.ApplicationModel.ExecuteCommandResult> RunAsync(string command, params string[] args)
        => App.Services.GetRequiredService<ApplicationOrchestrator>().ExecuteCommandAsync("trading", command, args, CancellationToken.None);

    private async Task<long> CountPositionsAsync()
    {
        await using var connection = new NpgsqlConnection(await App.GetConnectionStringAsync("trading"));
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM positions", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task BackupThenResetThenRestoreBringsTheRowsBack()
    {
        await using (var connection = new NpgsqlConnection(await App.GetConnectionStringAsync("trading")))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO positions (symbol, quantity, average_price) VALUES ('BTCUSDT', 2, 65000), ('ETHUSDT', -1, 3500)", connection);
            await insert.ExecuteNonQueryAsync();
        }

        var rows = await CountPositionsAsync();

        var backupFile = Path.Combine(State, "backups", "trading.dump");
        var backup = await RunAsync("backup", backupFile);
        Assert.True(backup.Success, backup.Message);
        Assert.StartsWith($"Backup written to {backupFile} (", backup.Message);

        var reset = await RunAsync("reset");
        Assert.True(reset.Success, reset.Message);
        Assert.Equal("Dropped and recreated trading. Applied 2: 0001_trades.sql, 0002_orders_executions_positions.sql", reset.Message);
        Assert.Equal(0, await CountPositionsAsync());

        var restore = await RunAsync("restore", backupFile);
        Assert.True(restore.Success, restore.Message);
        Assert.Equal(rows, await CountPositionsAsync());
    }

    [Fact]
    public async Task TheDbCliRunsTheSameOperationsThroughTheRunningAppHost()
    {
        // The CLI connects to this app's control endpoint (found through the state directory), as `./run.sh db ...` does.
        Task<int> CliAsync(params string[] args) => Hosting.Cli.AppHostCli.InvokeAsync(args, App.Services, CancellationToken.None);
        await using (var connection = new NpgsqlConnection(await App.GetConnectionStringAsync("trading")))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO positions (symbol, quantity, average_price) VALUES ('ADAUSDT', 10, 0.5)", connection);
            await insert.ExecuteNonQueryAsync();
        }

        var rows = await CountPositionsAsync();
        var backupFile = Path.Combine(State, "cli.dump");
        Assert.Equal(0, await CliAsync("db", "backup", "--out", backupFile));
        Assert.True(new FileInfo(backupFile).Length > 0);

        Assert.Equal(1, await CliAsync("db", "reset"));                    // no terminal to confirm: nothing changes
        Assert.Equal(rows, await CountPositionsAsync());

        Assert.Equal(0, await CliAsync("db", "reset", "--force"));
        Assert.Equal(0, await CountPositionsAsync());

        Assert.Equal(1, await CliAsync("db", "restore", Path.Combine(State, "missing.dump")));
        Assert.Equal(0, await CliAsync("db", "restore", backupFile));
        Assert.Equal(rows, await CountPositionsAsync());
        Assert.Equal(0, await CliAsync("db", "status"));
    }

    [Fact]
    public async Task StatusListsAppliedAndPendingMigrations()
    {
        var status = await RunAsync("status");

        Assert.True(status.Success, status.Message);
        Assert.StartsWith("2 applied, 0 pending", status.Message);
        Assert.Contains("applied  0001_trades.sql (applied ", status.Message);
    }

    [Fact]
    public async Task MigrateWithNothingPendingSaysSo()
    {
        var migrate = await RunAsync("migrate");

        Assert.Equal("No pending migrations.", migrate.Message);
    }

    [Fact]
    public async Task RestoringAMissingFileSaysWhereBackupsAre()
    {
        var restore = await RunAsync("restore", "/nonexistent/file.dump");

        Assert.False(restore.Success);
        Assert.Equal("Backup file '/nonexistent/file.dump' does not exist. Backups are under backups/ (see: db backup).", restore.Message);
    }
}
