namespace TradingAspire.Gateway.Persistence;

/// <summary>An order as stored in <c>orders</c> (the API's form is <c>Apis.OrderContract</c>).</summary>
public sealed record OrderRecord(
    Guid Id, string ClientOrderId, string Symbol, string Side, string Type, decimal Quantity, decimal? LimitPrice, string Status,
    decimal FilledQuantity, decimal? AveragePrice, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A fill as stored in <c>executions</c> (with its order's client order id).</summary>
public sealed record ExecutionRecord(
    Guid Id, Guid OrderId, string ClientOrderId, string Symbol, string Side, decimal Quantity, decimal Price, DateTimeOffset ExecutedAt);

/// <summary>A stored order and its execution (null while resting).</summary>
public sealed record OrderResult(OrderRecord Order, ExecutionRecord? Execution);

/// <summary>A net position as stored (the latest snapshot of its symbol).</summary>
public sealed record PositionRecord(string Symbol, decimal Quantity, decimal AveragePrice, decimal RealizedPnl, DateTimeOffset UpdatedAt);

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
