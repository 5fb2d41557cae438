namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>Concurrent orders written by group commit on the real gateway and PostgreSQL (a database of its own).</summary>
[Collection(StorageCollection.Name)]
public sealed class GroupCommitTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Concurrent_orders_of_one_symbol_stop_exactly_at_the_position_limit_and_the_position_is_the_sum_of_the_fills()
    {
        // 30 buys of 5 against the default limit of ±100: exactly 20 fit, whatever batches they share.
        using var batches = gateway.CollectMetric<long>("gateway.orders.batch_size");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            using var response = await gateway.Client.PostOrderAsync(OrderRequests.Market("BTCUSDT", "buy", 5m));
            return response.StatusCode;
        }));

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(100m, await gateway.Storage.ScalarAsync<decimal>("SELECT quantity FROM positions WHERE symbol = 'BTCUSDT'"));
        Assert.Equal(20L, await gateway.Storage.ScalarAsync<long>("SELECT count(*) FROM orders WHERE symbol = 'BTCUSDT'"));
        Assert.Equal(100m, await gateway.Storage.ScalarAsync<decimal>("SELECT sum(quantity) FROM executions WHERE symbol = 'BTCUSDT'"));
        Assert.Equal(30L, batches.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task Buys_and_sells_interleaved_leave_the_position_equal_to_the_signed_sum_of_executions()
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var response = await gateway.Client.PostOrderAsync(OrderRequests.Market("ETHUSDT", i % 3 == 0 ? "sell" : "buy", 1.25m + (i % 4)));
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        var signedSum = await gateway.Storage.ScalarAsync<decimal>("SELECT sum(CASE side WHEN 'buy' THEN quantity ELSE -quantity END) FROM executions WHERE symbol = 'ETHUSDT'");
        Assert.Equal(signedSum, await gateway.Storage.ScalarAsync<decimal>("SELECT quantity FROM positions WHERE symbol = 'ETHUSDT'"));
        Assert.Equal(24L, await gateway.Storage.ScalarAsync<long>("SELECT count(*) FROM executions WHERE symbol = 'ETHUSDT'"));
    }
}
