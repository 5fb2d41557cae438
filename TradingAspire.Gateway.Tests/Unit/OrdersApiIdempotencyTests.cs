namespace TradingAspire.Gateway.Tests.Unit;

/// <summary><c>client_order_id</c> reuse on the real gateway and PostgreSQL: same order → its first answer, different order → 409.</summary>
[Collection(StorageCollection.Name)]
public sealed class OrdersApiIdempotencyTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("""{"client_order_id":"{id}","symbol":"BTCUSDT","side":"buy","type":"market","quantity":0.5}""", """{"client_order_id":"{id}","symbol":"btcusdt","side":"BUY","type":"market","quantity":0.50}""")]
    [InlineData("""{"client_order_id":"{id}","symbol":"ETHUSDT","side":"sell","type":"limit","quantity":1,"limit_price":999999}""", """{"client_order_id":"{id}","symbol":"ETHUSDT","side":"sell","type":"limit","quantity":1.0,"limit_price":999999.0000}""")]
    public async Task The_same_order_again_gets_the_original_answer_and_makes_one_order(string first, string again)
    {
        var id = OrderRequests.NewClientOrderId();

        var (firstStatus, firstBody) = await PostAsync(first.Replace("{id}", id, StringComparison.Ordinal));
        var (againStatus, againBody) = await PostAsync(again.Replace("{id}", id, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Created, firstStatus);
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal(firstBody.GetProperty("order").GetProperty("id").GetGuid(), againBody.GetProperty("order").GetProperty("id").GetGuid());
        // The times as first answered are the stored ones (PostgreSQL keeps microseconds), character for character.
        foreach (var time in new[] { "created_at", "updated_at" })
        {
            Assert.Equal(firstBody.GetProperty("order").GetProperty(time).GetString(), againBody.GetProperty("order").GetProperty(time).GetString());
        }

        if (firstBody.GetProperty("execution").ValueKind == JsonValueKind.Object)
        {
            Assert.Equal(firstBody.GetProperty("execution").GetProperty("executed_at").GetString(), againBody.GetProperty("execution").GetProperty("executed_at").GetString());
        }

        Assert.Equal(1L, await gateway.Storage.OrderCountAsync(id));
    }

    [Fact]
    public async Task A_different_order_under_a_used_id_is_409_naming_the_id_and_what_differs()
    {
        var id = OrderRequests.NewClientOrderId();
        var (_, first) = await PostAsync(OrderRequests.Market("BTCUSDT", "buy", 0.5m, id));

        var (status, body) = await PostAsync(OrderRequests.Market("BTCUSDT", "sell", 2m, id));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("client_order_id_conflict", body.GetProperty("error").GetString());
        var orderId = first.GetProperty("order").GetProperty("id").GetGuid();
        Assert.Equal(
            $"client_order_id '{id}' was already used for a different order ({orderId}); differs: side (was buy, now sell), quantity (was 0.5, now 2). " +
            "Send the same order to get its result again, or use a new client_order_id for a new order.",
            body.GetProperty("message").GetString());
        Assert.Equal(["side", "quantity"], body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(1L, await gateway.Storage.OrderCountAsync(id));
        Assert.Equal("buy", await gateway.Storage.ScalarAsync<string>("SELECT side FROM orders WHERE client_order_id = $1", id));
        Assert.Equal(0.5m, await gateway.Storage.ScalarAsync<decimal>("SELECT quantity FROM orders WHERE client_order_id = $1", id));
    }

    [Fact]
    public async Task Concurrent_first_uses_of_an_id_make_exactly_one_order()
    {
        var id = OrderRequests.NewClientOrderId();
        var json = OrderRequests.Market("SOLUSDT", "buy", 0.25m, id);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => PostAsync(json)));

        Assert.Equal(1, answers.Count(a => a.Status == HttpStatusCode.Created));
        Assert.All(answers, a => Assert.Contains(a.Status, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Single(answers.Select(a => a.Body.GetProperty("order").GetProperty("id").GetGuid()).Distinct());
        Assert.Equal(1L, await gateway.Storage.OrderCountAsync(id));
        Assert.Equal(1L, await gateway.Storage.ScalarAsync<long>("SELECT count(*) FROM executions e JOIN orders o ON o.id = e.order_id WHERE o.client_order_id = $1", id));
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json) => gateway.Client.PostOrderForAnswerAsync(json);
}
