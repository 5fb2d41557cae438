namespace TradingAspire.Gateway.Tests.Unit;

public sealed class OrderValidatorTests
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];

    private static (OrderRequest? Order, IReadOnlyList<FieldError> Errors) Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return OrderValidator.Validate(document.RootElement.Clone(), Symbols, maxQuantity: 1000m);
    }

    [Fact]
    public void A_valid_market_order_is_accepted()
    {
        var (order, errors) = Validate("""{"client_order_id":"c-1","symbol":"btcusdt","side":"BUY","type":"market","quantity":0.5}""");

        Assert.Empty(errors);
        Assert.Equal(new OrderRequest("c-1", "BTCUSDT", "buy", "market", 0.5m, null), order);
    }

    [Fact]
    public void Type_defaults_to_market_and_limit_price_is_kept_for_limits()
    {
        Assert.Equal("market", Validate("""{"client_order_id":"c","symbol":"ETHUSDT","side":"sell","quantity":1}""").Order!.Type);
        Assert.Equal(3400m, Validate("""{"client_order_id":"c","symbol":"ETHUSDT","side":"sell","type":"limit","quantity":1,"limit_price":3400}""").Order!.LimitPrice);
    }

    [Theory]
    [InlineData("""{"symbol":"BTCUSDT","side":"buy","quantity":1}""", "client_order_id", "is required (example: \"c-1\")")]
    [InlineData("""{"client_order_id":"c","side":"buy","quantity":1}""", "symbol", "is required (example: \"BTCUSDT\")")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","quantity":1}""", "side", "is required (example: \"buy\")")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy"}""", "quantity", "is required (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":"1"}""", "quantity", "must be a JSON number, not the string \"1\" (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":"NaN"}""", "quantity", "must be a JSON number, not the string \"NaN\" (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":"Infinity"}""", "quantity", "must be a JSON number, not the string \"Infinity\" (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":true}""", "quantity", "must be a JSON number, not the boolean true (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":[1]}""", "quantity", "must be a JSON number, not an array (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":{"v":1}}""", "quantity", "must be a JSON number, not an object (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":0}""", "quantity", "must be greater than 0 (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":-0}""", "quantity", "must be greater than 0 (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":-2}""", "quantity", "must be greater than 0 (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":1000000}""", "quantity", "must be at most 1000 per order (risk limit Gateway:MaxOrderQuantity; example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":1e-12}""", "quantity", "has 12 decimal places (1e-12): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":0.123456789012}""", "quantity", "has 12 decimal places (0.123456789012): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":1e400}""", "quantity", "is too large (1e400): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999) (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":12345678901234567890123456789}""", "quantity", "is too large (12345678901234567890123456789): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999) (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":1e-30}""", "limit_price", "has 30 decimal places (1e-30): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you (example: 64000.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":1000000000000000000}""", "limit_price", "is too large (1000000000000000000): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999) (example: 64000.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":1e30}""", "limit_price", "is too large (1e30): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999) (example: 64000.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":"64000"}""", "limit_price", "must be a JSON number, not the string \"64000\" (example: 64000.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"DOGEUSDT","side":"buy","quantity":1}""", "symbol", "unknown symbol 'DOGEUSDT'; known: BTCUSDT, ETHUSDT, SOLUSDT (example: \"BTCUSDT\")")]
    [InlineData("""{"client_order_id":"c","symbol":"B","side":"buy","quantity":1}""", "symbol", "must be 2-20 letters A-Z or digits (example: BTCUSDT); known: BTCUSDT, ETHUSDT, SOLUSDT")]
    [InlineData("""{"client_order_id":"c","symbol":"BTC-USDT","side":"buy","quantity":1}""", "symbol", "must be 2-20 letters A-Z or digits (example: BTCUSDT); known: BTCUSDT, ETHUSDT, SOLUSDT")]
    [InlineData("""{"client_order_id":"c","symbol":5,"side":"buy","quantity":1}""", "symbol", "must be a non-empty string, not the number 5 (example: \"BTCUSDT\")")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"hold","quantity":1}""", "side", "must be 'buy' or 'sell' (example: \"buy\")")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"stop","quantity":1}""", "type", "must be 'market' or 'limit' (example: \"market\")")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":7,"quantity":1}""", "type", "must be a string, not the number 7 (example: \"market\")")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1}""", "limit_price", "is required for limit orders (example: 64000.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":-5}""", "limit_price", "must be greater than 0 (example: 64000.5)")]
    [InlineData("""{"client_order_id":"has spaces","symbol":"BTCUSDT","side":"buy","quantity":1}""", "client_order_id", "must be 1-64 letters, digits or _ . : - (example: strategy-42)")]
    [InlineData("""{"client_order_id":7,"symbol":"BTCUSDT","side":"buy","quantity":1}""", "client_order_id", "must be a non-empty string, not the number 7 (example: \"c-1\")")]
    public void Each_invalid_field_is_reported_with_its_reason(string json, string field, string reason)
    {
        var (order, errors) = Validate(json);

        Assert.Null(order);
        Assert.Contains(new FieldError(field, reason), errors);
    }

    [Fact]
    public void A_client_order_id_longer_than_64_characters_is_refused_with_its_length()
    {
        var (order, errors) = Validate($$"""{"client_order_id":"{{new string('x', 5000)}}","symbol":"BTCUSDT","side":"buy","quantity":1}""");

        Assert.Null(order);
        Assert.Equal(new FieldError("client_order_id", "is 5000 characters long; at most 64 are allowed (example: strategy-42)"), Assert.Single(errors));
    }

    [Fact]
    public void The_largest_and_smallest_stored_values_are_accepted_exactly()
    {
        var (order, errors) = Validate("""{"client_order_id":"c","symbol":"BTCUSDT","side":"sell","type":"limit","quantity":0.0000000001,"limit_price":999999999999999999.9999999999}""");

        Assert.Empty(errors);
        Assert.Equal(0.0000000001m, order!.Quantity);
        Assert.Equal(999999999999999999.9999999999m, order.LimitPrice);
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_rejected()
    {
        var (_, errors) = Validate("[1, 2]");

        Assert.Equal("body", Assert.Single(errors).Field);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
        => Assert.Equal(3, Validate("""{"symbol":"X","side":"up"}""").Errors.Count(e => e.Field is "client_order_id" or "symbol" or "side"));
}
