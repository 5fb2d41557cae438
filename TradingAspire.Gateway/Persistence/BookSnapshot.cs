namespace TradingAspire.Gateway.Persistence;

/// <summary>
/// The committed state of the order book as PostgreSQL holds it, read in one transaction at start and after a failed
/// write (<see cref="OrderJournal.LoadAsync"/>): each symbol's latest position, the resting orders (oldest first), the
/// client order ids of the orders created since a time (the sequencer's window; with their <c>created_at</c>, oldest
/// first), and the number of the last journal batch.
/// </summary>
public sealed record BookSnapshot(
    IReadOnlyList<PositionRecord> Positions, IReadOnlyList<OrderRecord> RestingOrders,
    IReadOnlyList<(string ClientOrderId, DateTimeOffset CreatedAt)> ClientOrderIds, long LastSequence);
