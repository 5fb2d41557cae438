using System.Diagnostics;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// A validated order waiting for the <see cref="OrderSequencer"/>: the request, its fill price (null: it rests unless
/// the market crosses it later) and the time it was received (its <c>created_at</c>, cut to microseconds).
/// <see cref="Completion"/> ends once the order's journal batch — and every batch before it — has committed, or fails
/// with <see cref="OrderJournalUnavailableException"/> when it did not.
/// </summary>
public sealed class SequencedOrder(OrderRequest request, decimal? fillPrice, DateTimeOffset receivedAt) : SequencerCommand
{
    /// <summary>The validated order.</summary>
    public OrderRequest Request { get; } = request;

    /// <summary>Fill price, or null for a limit order that does not cross the market.</summary>
    public decimal? FillPrice { get; } = fillPrice;

    /// <summary>When the gateway received it (the order's created_at).</summary>
    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>The trace context of the request that queued the order (its <c>order.submit</c> span), if traced.</summary>
    public ActivityContext? TraceContext { get; } = Activity.Current?.Context;

    /// <summary>The sequencer's answer, released once it is durable.</summary>
    public TaskCompletionSource<SequencerAnswer> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
