using System.Diagnostics;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// An order waiting for the next group commit: the validated request, its fill price (null: it rests) and the time
/// it was received. <see cref="Completion"/> ends after the batch has committed (or failed): the result, null when
/// the client order id already exists (answer with the earlier order), or the position-limit refusal.
/// </summary>
public sealed class PendingOrder(OrderRequest request, decimal? fillPrice, DateTimeOffset receivedAt)
{
    /// <summary>The validated order.</summary>
    public OrderRequest Request { get; } = request;

    /// <summary>Fill price, or null for a resting limit order.</summary>
    public decimal? FillPrice { get; } = fillPrice;

    /// <summary>When the gateway received it (the order's created_at).</summary>
    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>The trace context of the request that queued the order (its <c>order.submit</c> span), if traced.</summary>
    public ActivityContext? TraceContext { get; } = Activity.Current?.Context;

    /// <summary>Completed once the order's batch is durable (or failed).</summary>
    public TaskCompletionSource<(OrderResult? Result, FieldError? Rejection)> Completion { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
