using System.Text.Json.Serialization;

namespace TradingAspire.Gateway.Persistence;

/// <summary>An order as stored and returned.</summary>
public sealed record OrderRecord(
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
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);

/// <summary>A fill.</summary>
public sealed record ExecutionRecord(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("order_id")] Guid OrderId,
    [property: JsonPropertyName("client_order_id")] string ClientOrderId,
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("side")] string Side,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("price")] decimal Price,
    [property: JsonPropertyName("executed_at")] DateTimeOffset ExecutedAt);

/// <summary>The reply to an order: the order and its execution (null while resting).</summary>
public sealed record OrderResult(
    [property: JsonPropertyName("order")] OrderRecord Order,
    [property: JsonPropertyName("execution")] ExecutionRecord? Execution);

/// <summary>A net position as returned by <c>GET /api/positions</c>.</summary>
public sealed record PositionRecord(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("quantity")] decimal Quantity,
    [property: JsonPropertyName("average_price")] decimal AveragePrice,
    [property: JsonPropertyName("realized_pnl")] decimal RealizedPnl,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);

/// <summary>Ids of orders and executions.</summary>
public static class RecordIds
{
    /// <summary>
    /// A new id ordered by time: a UUID version 7 (RFC 9562) whose first 48 bits are <paramref name="at"/> in Unix
    /// milliseconds, the rest random. New rows then land at the right edge of the <c>orders</c> and <c>executions</c>
    /// primary-key indexes instead of on a random page each (a random version-4 id dirtied about one index page per
    /// row, and each first write of a page after a checkpoint puts the whole 8 KB page in the WAL).
    /// </summary>
    public static Guid New(DateTimeOffset at) => Guid.CreateVersion7(at);
}

/// <summary>Times as PostgreSQL stores them.</summary>
public static class StoredTime
{
    /// <summary>
    /// <paramref name="time"/> cut to whole microseconds, the resolution of PostgreSQL's <c>timestamptz</c> (.NET keeps
    /// 100 ns ticks): an order's answer then carries the same <c>created_at</c> as the row, so a replay or a
    /// <c>GET</c> of the order returns exactly what its first answer did.
    /// </summary>
    public static DateTimeOffset Of(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));
}
