using System.Text.Json;
using System.Text.RegularExpressions;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// Turns an order's JSON body into an <see cref="OrderRequest"/>, or the list of field errors (all at once), by the
/// rules of <see cref="OrderFieldDomain"/>. Values the database cannot hold are refused, never rounded.
/// </summary>
public static partial class OrderValidator
{
    /// <summary>A complete valid body, quoted in messages.</summary>
    public const string ExampleBody = """{"client_order_id": "c-1", "symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.5}""";

    [GeneratedRegex(OrderFieldDomain.ClientOrderIdPattern)]
    private static partial Regex ClientOrderIdRegex();

    [GeneratedRegex(OrderFieldDomain.SymbolPattern)]
    private static partial Regex SymbolRegex();

    /// <summary>Validates every field and reports all problems at once.</summary>
    /// <param name="body">The parsed body.</param>
    /// <param name="knownSymbols">Symbols the market simulates; another symbol is refused.</param>
    /// <param name="maxQuantity">The per-order quantity limit (risk setting <c>Gateway:MaxOrderQuantity</c>).</param>
    public static (OrderRequest? Order, IReadOnlyList<FieldError> Errors) Validate(JsonElement body, IReadOnlyCollection<string> knownSymbols, decimal maxQuantity)
    {
        var errors = new List<FieldError>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError("body", $"must be a JSON object, not {Describe(body)} (example: {ExampleBody})")]);
        }

        var clientOrderId = RequiredString(body, "client_order_id", "c-1", errors);
        if (clientOrderId is not null && clientOrderId.Length > OrderFieldDomain.ClientOrderIdMaxLength)
        {
            errors.Add(new("client_order_id", $"is {clientOrderId.Length} characters long; at most {OrderFieldDomain.ClientOrderIdMaxLength} are allowed (example: strategy-42)"));
        }
        else if (clientOrderId is not null && !ClientOrderIdRegex().IsMatch(clientOrderId))
        {
            errors.Add(new("client_order_id", "must be 1-64 letters, digits or _ . : - (example: strategy-42)"));
        }

        var symbol = RequiredString(body, "symbol", "BTCUSDT", errors)?.ToUpperInvariant();
        if (symbol is not null && !SymbolRegex().IsMatch(symbol))
        {
            errors.Add(new("symbol", $"must be 2-20 letters A-Z or digits (example: BTCUSDT); known: {string.Join(", ", knownSymbols.Order())}"));
        }
        else if (symbol is not null && !knownSymbols.Contains(symbol))
        {
            errors.Add(new("symbol", $"unknown symbol '{symbol}'; known: {string.Join(", ", knownSymbols.Order())} (example: \"BTCUSDT\")"));
        }

        var side = RequiredString(body, "side", "buy", errors)?.ToLowerInvariant();
        if (side is not null && !OrderFieldDomain.Sides.Contains(side))
        {
            errors.Add(new("side", "must be 'buy' or 'sell' (example: \"buy\")"));
        }

        var type = OptionalString(body, "type", "market", errors)?.ToLowerInvariant() ?? OrderSides.Market;
        if (!OrderFieldDomain.Types.Contains(type))
        {
            errors.Add(new("type", "must be 'market' or 'limit' (example: \"market\")"));
        }

        var quantity = Number(body, "quantity", OrderFieldDomain.Quantity, "0.5", required: true, errors);
        if (quantity is { } q && q <= 0)
        {
            errors.Add(new("quantity", "must be greater than 0 (example: 0.5)"));
        }
        else if (quantity > maxQuantity)
        {
            errors.Add(new("quantity", $"must be at most {maxQuantity} per order (risk limit Gateway:MaxOrderQuantity; example: 0.5)"));
        }

        var limitPrice = Number(body, "limit_price", OrderFieldDomain.LimitPrice, "64000.5", required: false, errors);
        if (type == OrderSides.Limit && limitPrice is null && !errors.Any(e => e.Field == "limit_price"))
        {
            errors.Add(new("limit_price", "is required for limit orders (example: 64000.5)"));
        }
        else if (limitPrice is { } price && price <= 0)
        {
            errors.Add(new("limit_price", "must be greater than 0 (example: 64000.5)"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new OrderRequest(clientOrderId!, symbol!, side!, type, quantity!.Value, type == OrderSides.Limit ? limitPrice : null), errors);
    }

    private static string? RequiredString(JsonElement body, string name, string example, List<FieldError> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(name, $"is required (example: \"{example}\")"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(new(name, $"must be a non-empty string, not {Describe(value)} (example: \"{example}\")"));
            return null;
        }

        return value.GetString()!.Trim();
    }

    private static string? OptionalString(JsonElement body, string name, string example, List<FieldError> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(name, $"must be a string, not {Describe(value)} (example: \"{example}\")"));
            return null; // one error for the field: the caller's default stands in (the order is refused anyway)
        }

        return value.GetString();
    }

    private static decimal? Number(JsonElement body, string name, NumericDomain domain, string example, bool required, List<FieldError> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new(name, $"is required (example: {example})"));
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(new(name, $"must be a JSON number, not {Describe(value)} (example: {example})"));
            return null;
        }

        var check = domain.Check(value.GetRawText());
        if (check.Problem is not null)
        {
            errors.Add(new(name, $"{check.Problem} (example: {example})"));
        }

        return check.Value;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {Quote(value.GetString()!)}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    private static string Quote(string text) => JsonSerializer.Serialize(text.Length <= 40 ? text : text[..37] + "...");
}
