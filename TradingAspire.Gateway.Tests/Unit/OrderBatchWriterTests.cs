using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TradingAspire.Gateway.Orders;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Tests.Unit.Support;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The group-commit writer on a real PostgreSQL: a failing batch writes nothing and leaves no transaction open; ids are
/// ordered by time; the gateway's statements are prepared.
/// </summary>
public sealed class OrderBatchWriterTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task ABatchThatFailsWritesNothingAndTheNextBatchCommits()
    {
        var writer = gateway.Services.GetRequiredService<OrderBatchWriter>();
        var good = new OrderRequest(OrdersApiRefusalTests.NewId(), "BTCUSDT", "buy", "limit", 1m, 100m);
        // A symbol the column's check refuses (validation never lets one through): the batch's insert fails after BEGIN.
        var bad = new OrderRequest(OrdersApiRefusalTests.NewId(), "bad symbol", "buy", "limit", 1m, 100m);

        var failure = await Assert.ThrowsAsync<PostgresException>(() =>
            writer.WriteAsync([new PendingOrder(good, null, DateTimeOffset.UtcNow), new PendingOrder(bad, null, DateTimeOffset.UtcNow)], 100m, DateTimeOffset.UtcNow, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.CheckViolation, failure.SqlState);
        Assert.Equal(0L, await gateway.Storage.ScalarAsync<long>("SELECT count(*) FROM orders WHERE client_order_id = $1", good.ClientOrderId));
        Assert.Equal(0L, await gateway.Storage.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = 'trading' AND state LIKE 'idle in transaction%'"));
        var outcomes = await writer.WriteAsync([new PendingOrder(good, null, DateTimeOffset.UtcNow)], 100m, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal("resting", Assert.Single(outcomes).Result!.Order.Status);
        Assert.Equal(1L, await gateway.Storage.ScalarAsync<long>("SELECT count(*) FROM orders WHERE client_order_id = $1", good.ClientOrderId));
    }

    [Fact]
    public async Task OrderAndExecutionIdsAreVersion7AndPostgreSqlSortsThemByTheTimeTheOrderWasReceived()
    {
        var writer = gateway.Services.GetRequiredService<OrderBatchWriter>();
        var received = DateTimeOffset.UtcNow;
        var ids = new List<string>();
        // Received 0, 5, 10, ... ms apart but written newest first: the ids' order follows the receipt time.
        for (var i = 4; i >= 0; i--)
        {
            var order = new OrderRequest(OrdersApiRefusalTests.NewId(), "SOLUSDT", "buy", "market", 0.01m, null);
            ids.Insert(0, order.ClientOrderId);
            var outcome = Assert.Single(await writer.WriteAsync([new PendingOrder(order, 150m, received.AddMilliseconds(5 * i))], 1_000m, DateTimeOffset.UtcNow, CancellationToken.None));
            Assert.Equal(7, outcome.Result!.Order.Id.Version);
            Assert.Equal(7, outcome.Result.Execution!.Id.Version);
        }

        foreach (var orderBy in new[] { "o.id", "e.id" })
        {
            // (object): a string[] would otherwise be spread over the params array.
            Assert.Equal(ids, await gateway.Storage.ScalarAsync<string[]>(
                $"SELECT array_agg(o.client_order_id ORDER BY {orderBy}) FROM executions e JOIN orders o ON o.id = e.order_id WHERE o.client_order_id = ANY($1)",
                (object)ids.ToArray()));
        }
    }

    [Fact]
    public async Task TheGatewaysConnectionsPrepareTheirStatementsButPlanEveryRunWithItsValues()
    {
        var dataSource = gateway.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var show = new NpgsqlCommand("SHOW plan_cache_mode", connection);

        Assert.Equal(GatewayServiceCollectionExtensions.MaxAutoPreparedStatements, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
        Assert.Equal("force_custom_plan", await show.ExecuteScalarAsync());
    }
}
