using System.Text.Json.Serialization;

namespace TradingAspire.Gateway.Apis;

/// <summary>The answer of <c>GET /api/orders/{id}</c>: the order and its executions (oldest first).</summary>
public sealed record OrderDetails(
    [property: JsonPropertyName("order")] OrderContract Order,
    [property: JsonPropertyName("executions")] IReadOnlyList<ExecutionContract> Executions);
