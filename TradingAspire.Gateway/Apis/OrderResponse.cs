using System.Text.Json.Serialization;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Apis;

/// <summary>The answer to <c>POST /api/orders</c> (201 and 200): the order and its execution (null while resting).</summary>
public sealed record OrderResponse(
    [property: JsonPropertyName("order")] OrderContract Order,
    [property: JsonPropertyName("execution")] ExecutionContract? Execution)
{
    /// <summary>The wire form of a stored order and its execution.</summary>
    public static OrderResponse From(OrderResult result)
        => new(OrderContract.From(result.Order), result.Execution is { } execution ? ExecutionContract.From(execution) : null);
}
