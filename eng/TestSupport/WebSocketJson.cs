using System.Net.WebSockets;
using System.Text.Json;

namespace TradingAspire.TestSupport;

/// <summary>Reads JSON messages from a WebSocket in tests (linked into each test project that needs it).</summary>
internal static class WebSocketJson
{
    /// <summary>The first whole message matching <paramref name="predicate"/>; fails when none arrives within <paramref name="timeout"/>.</summary>
    public static async Task<JsonDocument> ReceiveAsync(ClientWebSocket socket, Func<JsonElement, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cts.Token);
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

            document.Dispose();
        }
    }
}
