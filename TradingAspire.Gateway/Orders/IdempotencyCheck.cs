using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// Compares a request with the order first stored under its client order id: the same order (symbol, side, type,
/// quantity, limit price; numbers compared by value, so 0.5 equals 0.5000000000) is a retry; anything else is a
/// conflict, with one entry per differing field.
/// </summary>
public static class IdempotencyCheck
{
    /// <summary>The fields that differ (empty: the same order).</summary>
    public static IReadOnlyList<FieldError> Differences(OrderRecord stored, OrderRequest request)
    {
        var differences = new List<FieldError>();
        Compare("symbol", stored.Symbol, request.Symbol);
        Compare("side", stored.Side, request.Side);
        Compare("type", stored.Type, request.Type);
        if (stored.Quantity != request.Quantity)
        {
            differences.Add(new("quantity", $"was {Format(stored.Quantity)}, now {Format(request.Quantity)}"));
        }

        if (stored.LimitPrice != request.LimitPrice)
        {
            differences.Add(new("limit_price", $"was {Format(stored.LimitPrice)}, now {Format(request.LimitPrice)}"));
        }

        return differences;

        void Compare(string field, string before, string now)
        {
            if (!string.Equals(before, now, StringComparison.Ordinal))
            {
                differences.Add(new(field, $"was {before}, now {now}"));
            }
        }
    }

    private static string Format(decimal? value) => value is { } v ? v.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture) : "none";
}
