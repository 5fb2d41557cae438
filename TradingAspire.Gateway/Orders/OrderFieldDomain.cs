namespace TradingAspire.Gateway.Orders;

/// <summary>
/// The one definition of what each order field may hold, matching the <c>orders</c> and <c>executions</c> columns of
/// <c>db/migrations/0002_orders_executions_positions.sql</c> (a unit test reads the columns and compares). Used by
/// <see cref="OrderValidator"/>; trading-api keeps the same rules in <c>trading_api/validation.py</c>.
/// </summary>
public static class OrderFieldDomain
{
    /// <summary><c>quantity numeric(28, 10)</c>: at most 10 decimals and 18 integer digits; must be &gt; 0.</summary>
    public static readonly NumericDomain Quantity = new(28, 10);

    /// <summary><c>limit_price numeric(28, 10)</c>: at most 10 decimals and 18 integer digits; must be &gt; 0.</summary>
    public static readonly NumericDomain LimitPrice = new(28, 10);

    /// <summary>The <c>symbol</c> column's check: 2-20 capital letters or digits (the body's symbol is upper-cased first).</summary>
    public const string SymbolPattern = "^[A-Z0-9]{2,20}$";

    /// <summary>Longest <c>client_order_id</c> (the column is <c>text</c>; the limit is the API's, the same in trading-api).</summary>
    public const int ClientOrderIdMaxLength = 64;

    /// <summary>Characters a <c>client_order_id</c> may use, 1 to <see cref="ClientOrderIdMaxLength"/> of them.</summary>
    public const string ClientOrderIdPattern = "^[A-Za-z0-9_.:-]{1,64}$";

    /// <summary>The <c>side</c> column's values.</summary>
    public static readonly IReadOnlyList<string> Sides = [OrderSides.Buy, OrderSides.Sell];

    /// <summary>The <c>order_type</c> column's values.</summary>
    public static readonly IReadOnlyList<string> Types = [OrderSides.Market, OrderSides.Limit];

    /// <summary>Largest <c>POST /api/orders</c> body in bytes; a larger one is refused with 413 before it is read.</summary>
    public const int MaxBodyBytes = 16 * 1024;
}
