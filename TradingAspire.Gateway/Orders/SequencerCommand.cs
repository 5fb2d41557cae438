namespace TradingAspire.Gateway.Orders;

/// <summary>
/// Something the <see cref="OrderSequencer"/> decides in arrival order: a new order (<see cref="SequencedOrder"/>) or
/// a market price move that may fill resting orders (<see cref="PriceMove"/>).
/// </summary>
public abstract class SequencerCommand;

/// <summary>The market price of <paramref name="symbol"/> is now <paramref name="price"/>: resting limit orders it crosses fill at it.</summary>
public sealed class PriceMove(string symbol, decimal price) : SequencerCommand
{
    /// <summary>The symbol whose price moved.</summary>
    public string Symbol { get; } = symbol;

    /// <summary>The new market price (quote currency).</summary>
    public decimal Price { get; } = price;
}
