using System.Text.Json.Serialization;

namespace TradingAspire.Gateway.Market;

/// <summary>One price update, as sent on Redis <c>ticks:{symbol}</c> and WebSocket <c>/ws/market</c>.</summary>
public sealed record MarketTick(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("price")] decimal Price,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp)
{
    /// <summary>Message type on the wire.</summary>
    [JsonPropertyName("type")]
    public string Type => "tick";
}
