using System.Text.Json.Serialization;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Apis;

/// <summary>The answer of <c>GET /api/orders/{id}</c>: the order and its executions (oldest first).</summary>
public sealed record OrderDetails(
    [property: JsonPropertyName("order")] OrderRecord Order,
    [property: JsonPropertyName("executions")] IReadOnlyList<ExecutionRecord> Executions);
