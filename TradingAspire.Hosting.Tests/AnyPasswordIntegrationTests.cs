using Npgsql;
using StackExchange.Redis;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// PostgreSQL and Redis run by Aspire (DCP) with a password of every ASCII punctuation character and spaces, set as
/// Aspire parameters: initdb's password file, the Npgsql health check, the database commands (pg_dump and pg_restore
/// with PGPASSWORD), redis.conf's <c>requirepass</c> and the Redis health check take it; a client with the injected
/// connection string (Npgsql) or the injected properties (StackExchange.Redis) logs in.
/// </summary>
public sealed class AnyPasswordIntegrationTests() : AspireProcessTests("anypw-")
{
    [Fact]
    public async Task PostgreSQL_and_Redis_with_every_punctuation_character_and_spaces_in_their_passwords_are_healthy_serve_and_back_up()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.Configuration[StateDirectory.ConfigurationKey] = Root.FullName;
        builder.Configuration["Parameters:pg-password"] = AnyPasswords.AllPunctuationAndSpace;
        builder.Configuration["Parameters:cache-password"] = AnyPasswords.AllPunctuationAndSpace;
        var backups = Root.CreateSubdirectory("backups");
        var shop = builder.AddPostgresExecutable("pg", password: builder.AddParameter("pg-password", secret: true)).AddDatabase("shop")
            .WithDatabaseCommands(backups.FullName);
        var cache = builder.AddRedisExecutable("cache", password: builder.AddParameter("cache-password", secret: true));
        var client = builder.AddExecutable("client", "true", Root.FullName).WithReference(shop).WithReference(cache);
        await using var app = await builder.BuildAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await app.StartAsync(deadline.Token);

        await app.ResourceNotifications.WaitForResourceHealthyAsync("shop", deadline.Token);   // initdb's password, Npgsql's check
        await app.ResourceNotifications.WaitForResourceHealthyAsync("cache", deadline.Token);  // requirepass, PING with the options
        var environment = await PythonModelTests.EnvironmentAsync(client.Resource);
        await using (var connection = new NpgsqlConnection(environment["ConnectionStrings__shop"]))
        {
            await connection.OpenAsync(deadline.Token);
            await using var create = new NpgsqlCommand("CREATE TABLE orders (client_order_id text); INSERT INTO orders VALUES ('A-1')", connection);
            await create.ExecuteNonQueryAsync(deadline.Token);
        }

        var options = new ConfigurationOptions { Password = environment["CACHE_PASSWORD"] };
        options.EndPoints.Add(environment["CACHE_HOST"], int.Parse(environment["CACHE_PORT"], System.Globalization.CultureInfo.InvariantCulture));
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(options))
        {
            Assert.True(await redis.GetDatabase().StringSetAsync("k", "v"));
        }

        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        var backup = await commands.ExecuteCommandAsync("shop", PostgresDatabaseCommandsExtensions.BackupCommand, deadline.Token);
        Assert.True(backup.Success, backup.Message);
        var restore = await commands.ExecuteCommandAsync("shop", PostgresDatabaseCommandsExtensions.RestoreCommand, deadline.Token);
        Assert.True(restore.Success, restore.Message);
        await app.StopAsync(deadline.Token);
    }
}
