using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TradingAspire.Gateway.Orders;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Tests.Unit.Support;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>The group-commit writer on a real PostgreSQL: a failing batch writes nothing and leaves no transaction open.</summary>
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
}
