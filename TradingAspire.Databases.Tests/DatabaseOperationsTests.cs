using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TradingAspire.Hosting.Orchestration;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

[Trait("Category", "Integration")]
public sealed class DatabaseOperationsTests : IAsyncLifetime
{
    private readonly string _state = DatabaseApp.NewStateDirectory();
    private Hosting.DistributedApplication _app = null!;

    public async Task InitializeAsync()
    {
        _app = await DatabaseApp.StartAsync(_state, declare: b => b.AddPostgres("postgres").AddDatabase("trading").WithMigrations(TestPaths.Migrations));
        await DatabaseApp.WaitHealthyAsync(_app, "trading");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    private Task<Hosting.ApplicationModel.ExecuteCommandResult> RunAsync(string command, params string[] args)
        => _app.Services.GetRequiredService<ApplicationOrchestrator>().ExecuteCommandAsync("trading", command, args, CancellationToken.None);

    private async Task<long> CountPositionsAsync()
    {
        await using var connection = new NpgsqlConnection(await _app.GetConnectionStringAsync("trading"));
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM positions", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task BackupThenResetThenRestoreBringsTheRowsBack()
    {
        await using (var connection = new NpgsqlConnection(await _app.GetConnectionStringAsync("trading")))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO positions (symbol, quantity, average_price) VALUES ('BTCUSDT', 2, 65000), ('ETHUSDT', -1, 3500)", connection);
            await insert.ExecuteNonQueryAsync();
        }

        var backupFile = Path.Combine(_state, "backups", "trading.dump");
        var backup = await RunAsync("backup", backupFile);
        Assert.True(backup.Success, backup.Message);
        Assert.StartsWith($"Backup written to {backupFile} (", backup.Message);

        var reset = await RunAsync("reset");
        Assert.True(reset.Success, reset.Message);
        Assert.Equal("Dropped and recreated trading. Applied 2: 0001_trades.sql, 0002_orders_executions_positions.sql", reset.Message);
        Assert.Equal(0, await CountPositionsAsync());

        var restore = await RunAsync("restore", backupFile);
        Assert.True(restore.Success, restore.Message);
        Assert.Equal(2, await CountPositionsAsync());
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
