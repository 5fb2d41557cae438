namespace TradingAspire.Gateway.Orders;

/// <summary>Order statuses as stored in <c>orders.status</c> and returned.</summary>
public static class OrderStatuses
{
    /// <summary>A limit order waiting for the market to cross it.</summary>
    public const string Resting = "resting";

    /// <summary>Filled completely.</summary>
    public const string Filled = "filled";
}
