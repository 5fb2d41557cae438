using System.Net.WebSockets;
using System.Text.Json;

namespace TradingAspire.TestSupport;

/// <summary>Reads JSON messages from a WebSocket in tests (linked into each test project that needs it).</summary>
internal static class WebSocketJson
{
    /// <summary>
    /// The first whole message matching <paramref name="predicate"/>. Throws <see cref="TimeoutException"/> when none
    /// arrives within <paramref name="timeout"/>, naming how many messages did arrive and the last of them (a silent
    /// socket and a stream without the expected message are different faults).
    /// </summary>
    public static async Task<JsonDocument> ReceiveAsync(WebSocket socket, Func<JsonElement, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        var received = 0;
        var last = "(none)";
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, cts.Token);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching message within {timeout.TotalSeconds:0.#} s on a socket in state {socket.State}: " +
                                           $"{received} other message(s) arrived, the last {last}.");
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"The server closed the socket ({result.CloseStatus}) before a matching message arrived.");
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var document = JsonDocument.Parse(message.ToArray());
            message.SetLength(0);
            if (predicate(document.RootElement))
            {
                return document;
            }

            received++;
            last = document.RootElement.GetRawText();
            document.Dispose();
        }
    }
}
