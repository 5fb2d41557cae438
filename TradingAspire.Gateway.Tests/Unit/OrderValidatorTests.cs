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
    [MemberData(nameof(OrderRequests.Refused), MemberType = typeof(OrderRequests))]
    public void Each_invalid_field_is_reported_with_its_reason(string json, string field, string reason)
    {
        var (order, errors) = Validate(json);

        Assert.Null(order);
        Assert.Equal(new FieldError(field, reason), Assert.Single(errors));
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
