using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway.Streaming;

/// <summary>
/// Fans messages out to connected WebSocket clients. Each client has a small bounded queue that drops its oldest
/// message when the client is slow, so one slow reader never holds up the market loop or the others.
/// </summary>
public sealed class WebSocketHub(GatewayMetrics metrics, IHostApplicationLifetime lifetime)
{
    private readonly ConcurrentDictionary<Guid, Client> _clients = new();

    /// <summary>Number of connected clients.</summary>
    public int Count => _clients.Count;

    /// <summary>Queues a message for every client whose filter accepts <paramref name="topic"/>.</summary>
    public void Broadcast(string topic, string json) => Broadcast(topic, Encoding.UTF8.GetBytes(json));

    /// <summary>Queues a UTF-8 JSON message (not copied: it must not change afterwards) for every client whose filter accepts <paramref name="topic"/>.</summary>
    public void Broadcast(string topic, byte[] bytes)
    {
        foreach (var client in _clients.Values)
        {
            if (client.Accepts(topic))
            {
                client.Queue.Writer.TryWrite(bytes);
            }
        }
    }

    /// <summary>
    /// Serves one client until it disconnects or the gateway stops (then closes with NormalClosure). The client is
    /// subscribed before <paramref name="accept"/> answers the upgrade, so every message broadcast after the client's
    /// connect completed reaches it (messages broadcast meanwhile wait in its queue).
    /// </summary>
    /// <param name="accept">Accepts the WebSocket upgrade (<c>HttpContext.WebSockets.AcceptWebSocketAsync</c>).</param>
    /// <param name="topics">The topics the client receives; null for all.</param>
    /// <param name="onClientMessage">Turns a text message from the client into its new topics (null keeps them); null ignores client messages.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    public async Task ServeAsync(Func<Task<WebSocket>> accept, ISet<string>? topics, Func<string, ISet<string>?>? onClientMessage, CancellationToken cancellationToken)
    {
        var client = new Client(topics);
        _clients[client.Id] = client;
        metrics.WebSocketClients(1);
        try
        {
            using var socket = await accept();
            await ServeAsync(socket, client, onClientMessage, cancellationToken);
        }
        finally
        {
            _clients.TryRemove(client.Id, out _);
            metrics.WebSocketClients(-1);
        }
    }

    private async Task ServeAsync(WebSocket socket, Client client, Func<string, ISet<string>?>? onClientMessage, CancellationToken cancellationToken)
    {
        // Stopping ends the send loop by completing the queue: cancelling a socket operation would abort the
        // connection instead of closing it, and clients would see a reset rather than a normal close.
        using var stopping = lifetime.ApplicationStopping.Register(() => client.Queue.Writer.TryComplete());
        var receiving = ReceiveAsync(socket, client, onClientMessage, cancellationToken);
        try
        {
            await foreach (var message in client.Queue.Reader.ReadAllAsync(cancellationToken))
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "gateway stopping", closeTimeout.Token);
            }

            await receiving.WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // Client gone, or it did not answer the close in time.
        }
    }

    private static async Task ReceiveAsync(WebSocket socket, Client client, Func<string, ISet<string>?>? onClientMessage, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (onClientMessage?.Invoke(Encoding.UTF8.GetString(buffer, 0, result.Count)) is { } topics)
                {
                    client.Topics = topics;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Connection gone.
        }
        finally
        {
            client.Queue.Writer.TryComplete();
        }
    }

    private sealed class Client(ISet<string>? topics)
    {
        public Guid Id { get; } = Guid.NewGuid();

        public Channel<byte[]> Queue { get; } = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public volatile ISet<string>? Topics = topics;

        public bool Accepts(string topic) => Topics is null || Topics.Contains(topic);
    }
}
