namespace TradingAspire.Gateway.Orders;

/// <summary>A net position: signed quantity, average entry price and realised P&amp;L.</summary>
public sealed record Position(string Symbol, decimal Quantity, decimal AveragePrice, decimal RealizedPnl)
{
    /// <summary>
    /// The position after a fill: adding to a position moves the average price; reducing realises P&amp;L at the
    /// average; crossing zero realises the closed part and opens the rest at the fill price. Average price and realised
    /// P&amp;L are rounded to 10 decimal places, the scale of their columns, so the position in memory is exactly the one
    /// stored (and the one read back after a restart).
    /// </summary>
    public Position Apply(int sign, decimal quantity, decimal price)
    {
        var signed = sign * quantity;
        if (Quantity == 0 || Math.Sign(Quantity) == sign)
        {
            var total = Quantity + signed;
            var average = (Math.Abs(Quantity) * AveragePrice + quantity * price) / Math.Abs(total);
            return this with { Quantity = total, AveragePrice = Math.Round(average, 10) };
        }

        var closed = Math.Min(Math.Abs(Quantity), quantity);
        var realized = Math.Round(RealizedPnl + closed * (price - AveragePrice) * Math.Sign(Quantity), 10);
        var remaining = Quantity + signed;
        return remaining == 0
            ? this with { Quantity = 0, AveragePrice = 0, RealizedPnl = realized }
            : Math.Sign(remaining) == Math.Sign(Quantity)
                ? this with { Quantity = remaining, RealizedPnl = realized }
                : this with { Quantity = remaining, AveragePrice = price, RealizedPnl = realized };
    }
}
