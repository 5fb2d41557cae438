namespace TradingAspire.Gateway.Orders;

/// <summary>A validated order, ready for risk checks and filling.</summary>
public sealed record OrderRequest(string ClientOrderId, string Symbol, string Side, string Type, decimal Quantity, decimal? LimitPrice)
{
    /// <summary>+1 for buys, -1 for sells.</summary>
    public int Sign => Side == OrderSides.Buy ? 1 : -1;
}

/// <summary>Order sides and types as they appear on the wire.</summary>
public static class OrderSides
{
    /// <summary>Buy.</summary>
    public const string Buy = "buy";

    /// <summary>Sell.</summary>
    public const string Sell = "sell";

    /// <summary>Market order.</summary>
    public const string Market = "market";

    /// <summary>Limit order.</summary>
    public const string Limit = "limit";
}
