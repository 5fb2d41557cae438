namespace TradingAspire.Gateway.Persistence;

/// <summary>
/// The rows one sequencer batch appends to the journal, written in one transaction by <see cref="OrderJournal"/>:
/// new orders, resting orders that filled (their new state), executions and one position snapshot per symbol the
/// batch moved, numbered <see cref="Sequence"/>.
/// </summary>
public sealed class JournalEntry(long sequence, DateTimeOffset at)
{
    /// <summary>The batch's number: increasing, the <c>sequence</c> of its position snapshots.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>When the batch was decided (its position snapshots' <c>updated_at</c>).</summary>
    public DateTimeOffset At { get; } = at;

    /// <summary>Orders to insert.</summary>
    public List<OrderRecord> NewOrders { get; } = [];

    /// <summary>Resting orders (already stored) now filled: status, filled quantity, average price and updated_at change.</summary>
    public List<OrderRecord> FilledRestingOrders { get; } = [];

    /// <summary>Executions to insert.</summary>
    public List<ExecutionRecord> Executions { get; } = [];

    /// <summary>Each moved symbol's position after the batch.</summary>
    public List<PositionRecord> Positions { get; } = [];

    /// <summary>True when the batch writes no row.</summary>
    public bool IsEmpty => NewOrders.Count == 0 && FilledRestingOrders.Count == 0 && Executions.Count == 0 && Positions.Count == 0;
}
