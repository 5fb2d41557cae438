using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace TradingAspire.Bench.Ticks;

/// <summary>
/// One WebSocket client of <c>/ws/market</c> (no symbol filter: every symbol). Its receive loop reuses one buffer,
/// stamps each message with <see cref="DateTime.UtcNow"/> as soon as its last frame arrives, reads only the tick's
/// <c>symbol</c> and <c>timestamp</c> (Utf8JsonReader) and records, for ticks whose own timestamp falls in the window
/// set by <see cref="Measure"/>, the delivery (symbol, tick time, receipt time).
/// </summary>
internal sealed class TickClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly byte[][] _symbols;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private List<Delivery> _deliveries = [];
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;
    private long _lastTimestamp;
    private long _unexpected;
    private Task _receiving = Task.CompletedTask;

    private TickClient(ClientWebSocket socket, string[] symbols)
    {
        _socket = socket;
        _symbols = [.. symbols.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>A tick received: index of its symbol, its own timestamp and the receipt time (UTC, 100 ns units).</summary>
    public readonly record struct Delivery(int Symbol, long Timestamp, long Received);

    /// <summary>UTC ticks of the newest tick received so far (0 before the first).</summary>
    public long LastTimestamp => Interlocked.Read(ref _lastTimestamp);

    /// <summary>Messages that were not a tick of one of the expected symbols.</summary>
    public long Unexpected => Interlocked.Read(ref _unexpected);

    /// <summary>Connects and starts receiving.</summary>
    public static async Task<TickClient> ConnectAsync(Uri uri, string[] symbols, string authorization, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", authorization);
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new TickClient(socket, symbols);
        client._receiving = Task.Run(client.ReceiveAsync, CancellationToken.None);
        return client;
    }

    /// <summary>
    /// Records the ticks whose timestamp is in [<paramref name="start"/>, <paramref name="end"/>), replacing any earlier
    /// recording; room for <paramref name="expected"/> deliveries is allocated now, so the list does not grow (nor the
    /// GC run for it) inside the window.
    /// </summary>
    public void Measure(DateTime start, DateTime end, int expected)
    {
        var deliveries = new List<Delivery>(expected);
        lock (_lock)
        {
            _deliveries = deliveries;
            _windowStart = start.Ticks;
            _windowEnd = end.Ticks;
        }
    }

    /// <summary>What was recorded in the current window.</summary>
    public List<Delivery> Recorded()
    {
        lock (_lock)
        {
            return [.. _deliveries];
        }
    }

    /// <summary>Closes the connection (close handshake, at most 5 s), then stops the receive loop.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "benchmark done", timeout.Token);
            }

            // The gateway answers the close by ending its send loop and closing too; the receive loop then ends.
            await _receiving.WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
        {
            // Gone already, or no answer in time: abort below.
        }
        finally
        {
            await _stop.CancelAsync();
            await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
            _socket.Dispose();
            _stop.Dispose();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        var count = 0;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                count += result.Count;
                if (!result.EndOfMessage)
                {
                    if (count == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    continue;
                }

                var received = DateTime.UtcNow.Ticks;
                Record(buffer.AsSpan(0, count), received);
                count = 0;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Closed or stopped.
        }
    }

    private void Record(ReadOnlySpan<byte> message, long received)
    {
        if (!TryParse(message, out var symbol, out var timestamp))
        {
            Interlocked.Increment(ref _unexpected);
            return;
        }

        Interlocked.Exchange(ref _lastTimestamp, timestamp);
        lock (_lock)
        {
            if (timestamp >= _windowStart && timestamp < _windowEnd)
            {
                _deliveries.Add(new Delivery(symbol, timestamp, received));
            }
        }
    }

    private bool TryParse(ReadOnlySpan<byte> json, out int symbol, out long timestamp)
    {
        (symbol, timestamp) = (-1, 0);
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("symbol"u8) && reader.Read())
                {
                    for (var i = 0; i < _symbols.Length && symbol < 0; i++)
                    {
                        symbol = reader.ValueTextEquals(_symbols[i]) ? i : -1;
                    }
                }
                else if (reader.ValueTextEquals("timestamp"u8) && reader.Read())
                {
                    timestamp = reader.GetDateTimeOffset().UtcTicks;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }

        return symbol >= 0 && timestamp != 0;
    }
}
