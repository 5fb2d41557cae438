using Npgsql;
using StackExchange.Redis;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

[Trait("Category", "Integration")]
public sealed class PersistenceTests : IDisposable
{
    private readonly string _state = DatabaseApp.NewStateDirectory();

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task DataWrittenInOneRunIsThereInTheNextAndNoCrashRecoveryIsNeeded()
    {
        await using (var first = await DatabaseApp.StartAsync(_state))
        {
            await DatabaseApp.WaitHealthyAsync(first, "trading", "redis");
            await using var connection = new NpgsqlConnection(await first.GetConnectionStringAsync("trading"));
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO positions (symbol, quantity, average_price) VALUES ('SOLUSDT', 7, 150)", connection);
            await insert.ExecuteNonQueryAsync();

            await using var redis = await ConnectionMultiplexer.ConnectAsync((await first.GetConnectionStringAsync("redis"))!);
            await redis.GetDatabase().StringSetAsync("persisted-key", "survives");
            // appendfsync everysec: the AOF is written within a second; the graceful stop flushes it too.
        }

        var firstLog = File.ReadAllText(Path.Combine(_state, "logs", "postgres.log"));
        Assert.Contains("database system is shut down", firstLog);

        await using var second = await DatabaseApp.StartAsync(_state);
        await DatabaseApp.WaitHealthyAsync(second, "trading", "redis");
        await using (var connection = new NpgsqlConnection(await second.GetConnectionStringAsync("trading")))
        {
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand("SELECT quantity FROM positions WHERE symbol = 'SOLUSDT'", connection);
            Assert.Equal(7m, await select.ExecuteScalarAsync());
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync((await second.GetConnectionStringAsync("redis"))!))
        {
            Assert.Equal("survives", (string?)await redis.GetDatabase().StringGetAsync("persisted-key"));
        }

        var secondRun = File.ReadAllText(Path.Combine(_state, "logs", "postgres.log"))[firstLog.Length..];
        Assert.Contains("database system was shut down at", secondRun);
        Assert.DoesNotContain("was not properly shut down", secondRun);
        Assert.DoesNotContain("automatic recovery in progress", secondRun);
    }

    [Fact]
    public async Task RedisRefusesTheWrongPassword()
    {
        await using var app = await DatabaseApp.StartAsync(_state, declare: b => b.AddRedis("redis"));
        await DatabaseApp.WaitHealthyAsync(app, "redis");
        var endpoint = app.GetEndpoint("redis");

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() =>
            ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{endpoint.Port},password=wrong,abortConnect=true,connectTimeout=2000"));

        Assert.Contains("authentication failure", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
