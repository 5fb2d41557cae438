using System.Text.Json;
using System.Text.RegularExpressions;

namespace TradingAspire.Gateway.Orders;

/// <summary>Turns an order's JSON body into an <see cref="OrderRequest"/>, or the list of field errors.</summary>
public static partial class OrderValidator
{
    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex ClientOrderIdPattern();

    /// <summary>Validates every field and reports all problems at once.</summary>
    public static (OrderRequest? Order, IReadOnlyList<FieldError> Errors) Validate(JsonElement body, IReadOnlyCollection<string> knownSymbols, decimal maxQuantity)
    {
        var errors = new List<FieldError>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError("body", "must be a JSON object (example: {\"client_order_id\": \"c-1\", \"symbol\": \"BTCUSDT\", \"side\": \"buy\", \"type\": \"market\", \"quantity\": 0.5})")]);
        }

        var clientOrderId = RequiredString(body, "client_order_id", errors);
        if (clientOrderId is not null && !ClientOrderIdPattern().IsMatch(clientOrderId))
        {
            errors.Add(new("client_order_id", "must be 1-64 letters, digits or _ . : - (example: strategy-42)"));
        }

        var symbol = RequiredString(body, "symbol", errors)?.ToUpperInvariant();
        if (symbol is not null && !knownSymbols.Contains(symbol))
        {
            errors.Add(new("symbol", $"unknown symbol '{symbol}'; known: {string.Join(", ", knownSymbols.Order())}"));
        }

        var side = RequiredString(body, "side", errors)?.ToLowerInvariant();
        if (side is not null && side is not (OrderSides.Buy or OrderSides.Sell))
        {
            errors.Add(new("side", "must be 'buy' or 'sell'"));
        }

        var type = OptionalString(body, "type", errors)?.ToLowerInvariant() ?? OrderSides.Market;
        if (type is not (OrderSides.Market or OrderSides.Limit))
        {
            errors.Add(new("type", "must be 'market' or 'limit'"));
        }

        var quantity = Number(body, "quantity", required: true, errors);
        if (quantity is { } q && q <= 0)
        {
            errors.Add(new("quantity", "must be greater than 0 (example: 0.5)"));
        }
        else if (quantity > maxQuantity)
        {
            errors.Add(new("quantity", $"must be at most {maxQuantity} per order"));
        }

        var limitPrice = Number(body, "limit_price", required: false, errors);
        if (type == OrderSides.Limit && limitPrice is null && !errors.Any(e => e.Field == "limit_price"))
        {
            errors.Add(new("limit_price", "is required for limit orders (example: 64000.5)"));
        }
        else if (limitPrice is { } price && price <= 0)
        {
            errors.Add(new("limit_price", "must be greater than 0"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new OrderRequest(clientOrderId!, symbol!, side!, type, quantity!.Value, type == OrderSides.Limit ? limitPrice : null), errors);
    }

    private static string? RequiredString(JsonElement body, string name, List<FieldError> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(name, "is required"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(new(name, "must be a non-empty string"));
            return null;
        }

        return value.GetString()!.Trim();
    }

    private static string? OptionalString(JsonElement body, string name, List<FieldError> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(name, "must be a string"));
            return "";
        }

        return value.GetString();
    }

    private static decimal? Number(JsonElement body, string name, bool required, List<FieldError> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new(name, "is required"));
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(new(name, "must be a number"));
            return null;
        }

        if (!value.TryGetDecimal(out var number))
        {
            errors.Add(new(name, "is out of range"));
            return null;
        }

        return number;
    }
}
