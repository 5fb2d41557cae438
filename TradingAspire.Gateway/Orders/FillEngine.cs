namespace TradingAspire.Gateway.Orders;

/// <summary>Decides whether and at what price an order fills against the simulated market.</summary>
public static class FillEngine
{
    /// <summary>
    /// Market orders fill at once at the market price moved against the taker by the slippage; limit orders fill at
    /// the market price when marketable (buy limit ≥ price, sell limit ≤ price), otherwise they rest (null).
    /// </summary>
    public static decimal? FillPrice(OrderRequest order, decimal marketPrice, decimal slippageBasisPoints)
    {
        if (order.Type == OrderSides.Market)
        {
            var slippage = marketPrice * slippageBasisPoints / 10_000m;
            return Math.Round(marketPrice + order.Sign * slippage, 8);
        }

        return IsMarketable(order.Side, order.LimitPrice!.Value, marketPrice) ? marketPrice : null;
    }

    /// <summary>True when a limit order crosses the market price.</summary>
    public static bool IsMarketable(string side, decimal limitPrice, decimal marketPrice)
        => side == OrderSides.Buy ? limitPrice >= marketPrice : limitPrice <= marketPrice;
}
