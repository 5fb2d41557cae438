namespace TradingAspire.Gateway.Auth;

/// <summary>
/// The OAuth 2.0 scopes a token carries in its space-separated <c>scope</c> claim, and which one a request needs:
/// <c>read</c> for GET and HEAD (orders, positions, market data, the WebSockets), <c>trade</c> for anything else
/// (<c>POST /api/orders</c>).
/// </summary>
public static class GatewayScopes
{
    /// <summary>Reading orders, positions, market data and streams.</summary>
    public const string Read = "read";

    /// <summary>Placing orders.</summary>
    public const string Trade = "trade";

    /// <summary>The authorization policy every <c>/api</c> and <c>/ws</c> route of the gateway requires.</summary>
    public const string PolicyName = "gateway-scope";

    /// <summary>The scope a request with this HTTP method needs.</summary>
    public static string RequiredFor(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? Read : Trade;

    /// <summary>The scopes of a <c>scope</c> claim value.</summary>
    public static IReadOnlySet<string> Parse(string? scopeClaim)
        => (scopeClaim ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
