using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Gateway.Orders;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// <c>/ws/executions</c> carries every committed fill: the sequencer publishes it once its batch is durable, before it
/// answers, so a fill whose request gave up waiting (its client timed out) is announced all the same.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ExecutionStreamTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    [Fact]
    public async Task A_fill_whose_request_stopped_waiting_is_still_streamed_once_committed()
    {
        await using var gateway = GatewayFixture.Create(storage);
        using var client = GatewayFixture.CreateClient(gateway); // starts the gateway (its sequencer restores the book)
        var token = AccessTokens.Issue(GatewayFixture.SigningKey, "gateway", ["read"], subject: "trader");
        using var executions = await gateway.Server.CreateWebSocketClient().ConnectAsync(new Uri($"ws://localhost/ws/executions?access_token={token}"), CancellationToken.None);
        var sequencer = gateway.Services.GetRequiredService<OrderSequencer>();
        var clientOrderId = OrderRequests.NewClientOrderId();
        var order = new OrderRequest(clientOrderId, "BTCUSDT", OrderSides.Buy, OrderSides.Market, 0.01m, null);

        // The request's token is already cancelled: the order is queued, then the wait for its answer ends at once.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sequencer.SubmitAsync(order, 50_000m, DateTimeOffset.UtcNow, new CancellationToken(canceled: true)));

        using var streamed = await WebSocketJson.ReceiveAsync(executions, e => e.GetProperty("client_order_id").GetString() == clientOrderId, TimeSpan.FromSeconds(15));
        Assert.Equal("filled", streamed.RootElement.GetProperty("status").GetString());
        Assert.Equal(1L, await storage.ScalarAsync<long>("SELECT count(*) FROM executions e JOIN orders o ON o.id = e.order_id WHERE o.client_order_id = $1", clientOrderId));
    }
}
