using System.Buffers;
using System.Text.Json;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Streaming;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// Announces fills on WebSocket <c>/ws/executions</c> (the UI's blotter and positions). Nothing subscribed to the Redis
/// channel <c>executions</c> it also published on, so that channel is gone: a service that needs fills reads them from
/// the WebSocket or from PostgreSQL.
/// </summary>
public sealed class ExecutionPublisher([FromKeyedServices(StreamHubs.Executions)] WebSocketHub hub)
{
    /// <summary>
    /// The wire form of an execution as UTF-8 JSON: <c>type</c> ("execution"), <c>id</c>, <c>order_id</c>,
    /// <c>client_order_id</c>, <c>symbol</c>, <c>side</c>, <c>quantity</c>, <c>price</c>, <c>executed_at</c> and the
    /// order's <c>status</c>. Written field by field (no reflection, one buffer per fill).
    /// </summary>
    public static byte[] ToUtf8Json(OrderResult result)
    {
        var execution = result.Execution ?? throw new ArgumentException("The order has no execution.", nameof(result));
        var buffer = new ArrayBufferWriter<byte>(320);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "execution");
            json.WriteString("id", execution.Id);
            json.WriteString("order_id", result.Order.Id);
            json.WriteString("client_order_id", result.Order.ClientOrderId);
            json.WriteString("symbol", result.Order.Symbol);
            json.WriteString("side", result.Order.Side);
            json.WriteNumber("quantity", execution.Quantity);
            json.WriteNumber("price", execution.Price);
            json.WriteString("executed_at", execution.ExecutedAt);
            json.WriteString("status", result.Order.Status);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Publishes a fill (committed already) to every connected client.</summary>
    public void Publish(OrderResult result)
    {
        if (result.Execution is null)
        {
            return;
        }

        var json = ToUtf8Json(result);
        hub.Broadcast("executions", json);
    }
}
