namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>A fill shows in the gateway's meter and its (Debug) log line carries the order's scope.</summary>
[Collection(StorageCollection.Name)]
public sealed class OrderTelemetryTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_fill_is_counted_and_measured_with_its_symbol_and_side()
    {
        using var filled = gateway.CollectMetric<long>("gateway.orders.filled");
        using var quantity = gateway.CollectMetric<double>("gateway.fills.quantity");
        using var notional = gateway.CollectMetric<double>("gateway.fills.notional");

        var body = await SubmitAsync(OrderRequests.Market("ETHUSDT", "sell", 0.75m));

        var price = body.GetProperty("execution").GetProperty("price").GetDecimal();
        var count = Assert.Single(filled.GetMeasurementSnapshot());
        Assert.Equal(1, count.Value);
        Assert.Equal("ETHUSDT", count.Tags["symbol"]);
        Assert.Equal("sell", count.Tags["side"]);
        Assert.Equal(0.75, Assert.Single(quantity.GetMeasurementSnapshot()).Value);
        Assert.Equal((double)(0.75m * price), Assert.Single(notional.GetMeasurementSnapshot()).Value, 6);
    }

    [Fact]
    public async Task The_fills_log_line_carries_the_order_id_client_order_id_and_symbol_as_scopes()
    {
        var clientOrderId = OrderRequests.NewClientOrderId();

        var body = await SubmitAsync(OrderRequests.Market("BTCUSDT", "buy", 0.1m, clientOrderId));

        var record = Assert.Single(gateway.Logs.GetSnapshot(), r => r.Message.StartsWith("Order filled", StringComparison.Ordinal)
            && ScopeValues(r.Scopes).Any(kv => kv.Key == "ClientOrderId" && Equals(kv.Value, clientOrderId)));
        var scope = ScopeValues(record.Scopes).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("BTCUSDT", scope["Symbol"]);
        Assert.Equal(body.GetProperty("order").GetProperty("id").GetGuid(), scope["OrderId"]);
    }

    private static IEnumerable<KeyValuePair<string, object?>> ScopeValues(IReadOnlyList<object?> scopes)
        => scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s);

    private async Task<JsonElement> SubmitAsync(string json)
    {
        var (status, body) = await gateway.Client.PostOrderForAnswerAsync(json);
        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {body}");
        return body;
    }
}
