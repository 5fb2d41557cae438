namespace TradingAspire.Gateway.Persistence;

/// <summary>
/// The committed state of the order book as PostgreSQL holds it, read in one transaction at start and after a failed
/// write (<see cref="OrderJournal.LoadAsync"/>): each symbol's latest position, the resting orders (oldest first),
/// every client order id used, and the number of the last journal batch.
/// </summary>
public sealed record BookSnapshot(
    IReadOnlyList<PositionRecord> Positions, IReadOnlyList<OrderRecord> RestingOrders, IReadOnlyCollection<string> ClientOrderIds, long LastSequence);
