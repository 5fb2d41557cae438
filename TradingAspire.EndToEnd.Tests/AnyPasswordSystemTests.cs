using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// Any password (issue 22 item 5), end to end: with every ASCII punctuation character and spaces in PostgreSQL's and
/// Redis's passwords the system comes up healthy — initdb, migrations (Npgsql), the gateway (Npgsql, StackExchange.Redis
/// from the connection properties), trading-api (asyncpg, redis-py from TRADING_URI / REDIS_URI), the strategy
/// (redis-py; its heartbeat read by the AppHost's check) and the health checks — and an authenticated trade is 201.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AnyPasswordCollection.Name)]
public sealed class AnyPasswordSystemTests(AnyPasswordSystem system)
{
    [Fact]
    public async Task Every_resource_is_healthy_with_the_passwords_as_given()
    {
        // Waited for here too, not only by the fixture: the chaos test may have run first on this shared system.
        await TradingSystem.WaitForEveryResourceAsync(system.App);
        // The servers' password parameters hold the value as given on the command line.
        var model = system.App.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.Equal(AnyPasswords.AllPunctuationAndSpace, await model.Resources.OfType<PostgresExecutableResource>().Single().PasswordParameter.GetValueAsync(default));
        Assert.Equal(AnyPasswords.AllPunctuationAndSpace, await model.Resources.OfType<RedisExecutableResource>().Single().PasswordParameter.GetValueAsync(default));
        Assert.Equal(1L, await system.ScalarAsync("SELECT count(*) FROM pg_roles WHERE rolname = 'postgres' AND rolpassword IS NOT NULL"));
    }

    [Fact]
    public async Task An_authenticated_trade_is_201_and_stored()
    {
        var clientOrderId = $"anypw-{Guid.NewGuid():N}";

        using var response = await system.Api.PostAsJsonAsync("/api/trades",
            new { client_order_id = clientOrderId, symbol = "BTCUSDT", side = "buy", type = "market", quantity = 0.01 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var trade = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("filled", trade.RootElement.GetProperty("status").GetString());
        Assert.Equal(1L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1", clientOrderId));
    }
}
