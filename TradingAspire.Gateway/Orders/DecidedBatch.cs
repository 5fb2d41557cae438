using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// One batch as <see cref="SequencerState.Decide"/> decided it: the rows to journal and the answers to release once
/// they are durable (<see cref="SequencerState.Committed"/> then completes the state change).
/// </summary>
public sealed class DecidedBatch(JournalEntry entry, IReadOnlyList<SequencerCommand> commands)
{
    /// <summary>The commands decided, in arrival order (decided again when the journal's unique key on client order ids refused the batch).</summary>
    public IReadOnlyList<SequencerCommand> Commands { get; } = commands;

    /// <summary>The rows to write in one transaction.</summary>
    public JournalEntry Entry { get; } = entry;

    /// <summary>Each new order of the batch with its answer, in arrival order.</summary>
    public List<(SequencedOrder Order, SequencerAnswer Answer)> Answers { get; } = [];

    /// <summary>New orders that rest: they join the book when the batch has committed.</summary>
    public List<OrderRecord> NewRestingOrders { get; } = [];

    /// <summary>Resting orders the market crossed and filled in this batch (published once committed).</summary>
    public List<OrderResult> RestingFills { get; } = [];

    /// <summary>Resting orders the market crossed but the position limit no longer allows: dropped from the book (they stay stored as resting).</summary>
    public List<OrderRecord> DroppedRestingOrders { get; } = [];
}
