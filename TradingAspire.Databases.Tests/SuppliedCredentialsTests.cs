using Npgsql;
using StackExchange.Redis;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

/// <summary>User name and passwords supplied as (secret) parameters instead of generated ones.</summary>
[Trait("Category", "Integration")]
public sealed class SuppliedCredentialsTests : IDisposable
{
    private const string PostgresPassword = "pg-Supplied_42";
    private const string RedisPassword = "redis-Supplied_42";

    private readonly string _state = DatabaseApp.NewStateDirectory();

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task ServersUseTheSuppliedCredentialsAndGenerateNoSecretFile()
    {
        await using var app = await DatabaseApp.StartAsync(_state,
            declare: builder =>
            {
                var user = builder.AddParameter("pg-user");
                var postgresPassword = builder.AddParameter("pg-password", secret: true);
                builder.AddPostgres("postgres", userName: user, password: postgresPassword).AddDatabase("trading");
                builder.AddRedis("redis", password: builder.AddParameter("redis-password", secret: true));
            },
            configure: settings =>
            {
                settings["Parameters:pg-user"] = "trader";
                settings["Parameters:pg-password"] = PostgresPassword;
                settings["Parameters:redis-password"] = RedisPassword;
            });
        await DatabaseApp.WaitHealthyAsync(app, "trading", "redis");

        var connectionString = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync("trading"));
        Assert.Equal(("trader", PostgresPassword), (connectionString.Username, connectionString.Password));
        await using (var connection = new NpgsqlConnection(connectionString.ConnectionString))
        {
            await connection.OpenAsync();
            await using var whoAmI = new NpgsqlCommand("SELECT current_user", connection);
            Assert.Equal("trader", await whoAmI.ExecuteScalarAsync());
        }

        var redisPort = app.GetEndpoint("redis").Port;
        await using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redisPort},password={RedisPassword}"))
        {
            Assert.Equal("PONG", (await redis.GetDatabase().ExecuteAsync("PING")).ToString());
        }

        Assert.False(Directory.Exists(Path.Combine(_state, "secrets")), "no password is generated when one is supplied");
    }
}
