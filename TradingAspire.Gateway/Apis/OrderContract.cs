using System.Text.Json.Serialization;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Apis;

/// <summary>
/// An order as the API returns it (docs/api.md): quantities and prices in the symbol's units, times in UTC with
/// microseconds (as stored). Built from the stored <see cref="OrderRecord"/>.
/// </summary>
public sealed record OrderContract(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("client_order_id")] string ClientOrderId,
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("side")] string Side,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("limit_price")] decimal? LimitPrice,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("filled_quantity")] decimal FilledQuantity,
    [property: JsonPropertyName("average_price")] decimal? AveragePrice,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
{
    /// <summary>The wire form of a stored order.</summary>
    public static OrderContract From(OrderRecord order) => new(order.Id, order.ClientOrderId, order.Symbol, order.Side, order.Type, order.Quantity,
        order.LimitPrice, order.Status, order.FilledQuantity, order.AveragePrice, order.CreatedAt, order.UpdatedAt);
}
