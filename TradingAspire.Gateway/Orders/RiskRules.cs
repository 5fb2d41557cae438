namespace TradingAspire.Gateway.Orders;

/// <summary>Pre-trade risk: order notional and the resulting net position per symbol.</summary>
public static class RiskRules
{
    /// <summary>The notional check, done before touching the database.</summary>
    public static FieldError? CheckNotional(OrderRequest order, decimal referencePrice, decimal maxNotional)
    {
        var notional = order.Quantity * (order.LimitPrice ?? referencePrice);
        return notional > maxNotional
            ? new FieldError("quantity", $"order notional {notional:0.##} exceeds the limit of {maxNotional:0.##}; reduce the quantity")
            : null;
    }

    /// <summary>The position check, done inside the fill transaction with the position row locked.</summary>
    public static FieldError? CheckPosition(decimal currentPosition, OrderRequest order, decimal maxPosition)
    {
        var after = currentPosition + order.Sign * order.Quantity;
        return Math.Abs(after) > maxPosition && Math.Abs(after) > Math.Abs(currentPosition)
            ? new FieldError("quantity", $"the {order.Symbol} position would become {after:0.########}, beyond the limit of ±{maxPosition:0.########}")
            : null;
    }
}
