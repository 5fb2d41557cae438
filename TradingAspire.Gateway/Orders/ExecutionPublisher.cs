using System.Text.Json;
using StackExchange.Redis;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Streaming;

namespace TradingAspire.Gateway.Orders;

/// <summary>Announces fills on Redis channel <c>executions</c> and WebSocket <c>/ws/executions</c>.</summary>
public sealed class ExecutionPublisher(IConnectionMultiplexer redis, ExecutionsHub hub, ILogger<ExecutionPublisher> logger)
{
    /// <summary>The wire form of an execution.</summary>
    public static string ToJson(OrderResult result) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["type"] = "execution",
        ["id"] = result.Execution!.Id,
        ["order_id"] = result.Order.Id,
        ["client_order_id"] = result.Order.ClientOrderId,
        ["symbol"] = result.Order.Symbol,
        ["side"] = result.Order.Side,
        ["quantity"] = result.Execution.Quantity,
        ["price"] = result.Execution.Price,
        ["executed_at"] = result.Execution.ExecutedAt,
        ["status"] = result.Order.Status,
    });

    /// <summary>Publishes a fill. The fill is committed already: a Redis outage is logged, not thrown.</summary>
    public void Publish(OrderResult result)
    {
        if (result.Execution is null)
        {
            return;
        }

        var json = ToJson(result);
        hub.Hub.Broadcast("executions", json);
        try
        {
            redis.GetSubscriber().Publish(RedisChannel.Literal("executions"), json, CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Could not publish execution {ExecutionId} on Redis", result.Execution.Id);
        }
    }
}
