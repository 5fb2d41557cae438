namespace TradingAspire.Gateway.Orders;

/// <summary>
/// Order statuses as stored in <c>orders.status</c> (its CHECK constraint lists the same values) and returned, defined
/// once for C#. Python's definition is <c>tradingaspire_common.contracts.ORDER_STATUSES</c>; both are checked against
/// <c>eng/contracts/cross-service.json</c> and the migration.
/// </summary>
public static class OrderStatuses
{
    /// <summary>Accepted, not yet resting or filled (not written by the gateway today: it decides every order at once).</summary>
    public const string New = "new";

    /// <summary>A limit order waiting for the market to cross it.</summary>
    public const string Resting = "resting";

    /// <summary>Filled completely.</summary>
    public const string Filled = "filled";

    /// <summary>Refused (not written by the gateway today: a refused order is answered 422 and not stored).</summary>
    public const string Rejected = "rejected";

    /// <summary>Cancelled before it filled (no cancel route exists yet).</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Every status, in the order of the column's CHECK constraint.</summary>
    public static readonly IReadOnlyList<string> All = [New, Resting, Filled, Rejected, Cancelled];
}
