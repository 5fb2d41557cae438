using System.Text.Json;
using TradingAspire.Gateway.Streaming;

namespace TradingAspire.Gateway.Apis;

/// <summary>WebSockets <c>/ws/market</c> (ticks, optional symbol subset) and <c>/ws/executions</c> (fills).</summary>
public static class MarketStreams
{
    /// <summary>Maps the WebSocket routes.</summary>
    public static IEndpointRouteBuilder MapMarketStreams(this IEndpointRouteBuilder app)
    {
        app.Map("/ws/market", async context =>
        {
            if (await RejectPlainHttpAsync(context, "ws://.../ws/market?symbols=BTCUSDT,ETHUSDT"))
            {
                return;
            }

            var symbols = ParseSymbols(context.Request.Query["symbols"].ToString());
            await context.RequestServices.GetRequiredKeyedService<WebSocketHub>(StreamHubs.Market)
                .ServeAsync(context.WebSockets.AcceptWebSocketAsync, symbols, SubscriptionFrom, context.RequestAborted);
        });
        app.Map("/ws/executions", async context =>
        {
            if (await RejectPlainHttpAsync(context, "ws://.../ws/executions"))
            {
                return;
            }

            await context.RequestServices.GetRequiredKeyedService<WebSocketHub>(StreamHubs.Executions)
                .ServeAsync(context.WebSockets.AcceptWebSocketAsync, null, null, context.RequestAborted);
        });
        return app;
    }

    private static async Task<bool> RejectPlainHttpAsync(HttpContext context, string example)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsJsonAsync(new ErrorBody("websocket_required", $"Connect with a WebSocket client ({example}).", []));
        return true;
    }

    /// <summary><c>{"subscribe": ["BTCUSDT"]}</c> changes a client's symbols; anything else keeps them.</summary>
    internal static ISet<string>? SubscriptionFrom(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.TryGetProperty("subscribe", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.ToUpperInvariant()).ToHashSet()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HashSet<string>? ParseSymbols(string value)
        => string.IsNullOrWhiteSpace(value) ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).ToHashSet();
}
