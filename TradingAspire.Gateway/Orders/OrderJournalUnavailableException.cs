namespace TradingAspire.Gateway.Orders;

/// <summary>
/// The order was not recorded: its journal batch (or an earlier one it depended on) did not commit, or the sequencer is
/// restoring its state from PostgreSQL. The client retries with the same client order id (answered 503).
/// </summary>
public sealed class OrderJournalUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
