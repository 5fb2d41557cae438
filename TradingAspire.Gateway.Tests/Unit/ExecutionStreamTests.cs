using System.Net.Sockets;
using System.Net.WebSockets;
using TradingAspire.Gateway.Streaming;

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

    [Fact]
    public async Task A_client_is_subscribed_before_its_upgrade_is_answered_so_a_message_broadcast_meanwhile_reaches_it()
    {
        await using var gateway = GatewayFixture.Create(storage);
        using var client = GatewayFixture.CreateClient(gateway);
        var hub = gateway.Services.GetRequiredKeyedService<WebSocketHub>(StreamHubs.Executions);
        var (serverStream, clientStream) = await ConnectedStreamsAsync();
        using var clientSocket = WebSocket.CreateFromStream(clientStream, new WebSocketCreationOptions { IsServer = false });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        // The upgrade is "answered" only after a message was broadcast: a hub that subscribed after accepting would miss it.
        var serving = hub.ServeAsync(() =>
        {
            hub.Broadcast("executions", """{"client_order_id":"sent-while-accepting"}""");
            return Task.FromResult(WebSocket.CreateFromStream(serverStream, new WebSocketCreationOptions { IsServer = true }));
        }, null, null, stop.Token);

        using var received = await WebSocketJson.ReceiveAsync(clientSocket, e => e.GetProperty("client_order_id").GetString() == "sent-while-accepting", TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await serving;
        Assert.Equal(0, hub.Count);
    }

    private static async Task<(NetworkStream Server, NetworkStream Client)> ConnectedStreamsAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connecting = new TcpClient();
        await connecting.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var accepted = await listener.AcceptTcpClientAsync();
        return (new NetworkStream(accepted.Client, ownsSocket: true), new NetworkStream(connecting.Client, ownsSocket: true));
    }
}
