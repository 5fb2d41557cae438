using System.Text.Json.Serialization;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Apis;

/// <summary>A net position as <c>GET /api/positions</c> returns it (docs/api.md). Built from the stored <see cref="PositionRecord"/>.</summary>
public sealed record PositionContract(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("average_price")] decimal AveragePrice,
    [property: JsonPropertyName("realized_pnl")] decimal RealizedPnl,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
{
    /// <summary>The wire form of a stored position.</summary>
    public static PositionContract From(PositionRecord position)
        => new(position.Symbol, position.Quantity, position.AveragePrice, position.RealizedPnl, position.UpdatedAt);
}
