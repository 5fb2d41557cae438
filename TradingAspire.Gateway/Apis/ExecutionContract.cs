using System.Text.Json.Serialization;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Apis;

/// <summary>A fill as the API returns it (docs/api.md). Built from the stored <see cref="ExecutionRecord"/>.</summary>
public sealed record ExecutionContract(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("order_id")] Guid OrderId,
    [property: JsonPropertyName("client_order_id")] string ClientOrderId,
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("side")] string Side,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("price")] decimal Price,
    [property: JsonPropertyName("executed_at")] DateTimeOffset ExecutedAt)
{
    /// <summary>The wire form of a stored execution.</summary>
    public static ExecutionContract From(ExecutionRecord execution) => new(execution.Id, execution.OrderId, execution.ClientOrderId, execution.Symbol,
        execution.Side, execution.Quantity, execution.Price, execution.ExecutedAt);
}
