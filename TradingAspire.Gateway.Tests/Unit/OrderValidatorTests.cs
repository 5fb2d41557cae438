using System.Text.Json;
using TradingAspire.Gateway.Orders;

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
    public void AValidMarketOrderIsAccepted()
    {
        var (order, errors) = Validate("""{"client_order_id":"c-1","symbol":"btcusdt","side":"BUY","type":"market","quantity":0.5}""");

        Assert.Empty(errors);
        Assert.Equal(new OrderRequest("c-1", "BTCUSDT", "buy", "market", 0.5m, null), order);
    }

    [Fact]
    public void TypeDefaultsToMarketAndLimitPriceIsKeptForLimits()
    {
        Assert.Equal("market", Validate("""{"client_order_id":"c","symbol":"ETHUSDT","side":"sell","quantity":1}""").Order!.Type);
        Assert.Equal(3400m, Validate("""{"client_order_id":"c","symbol":"ETHUSDT","side":"sell","type":"limit","quantity":1,"limit_price":3400}""").Order!.LimitPrice);
    }

    [Theory]
    [InlineData("""{"symbol":"BTCUSDT","side":"buy","quantity":1}""", "client_order_id", "is required")]
    [InlineData("""{"client_order_id":"c","side":"buy","quantity":1}""", "symbol", "is required")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","quantity":1}""", "side", "is required")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy"}""", "quantity", "is required")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":"1"}""", "quantity", "must be a number")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":0}""", "quantity", "must be greater than 0 (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":-2}""", "quantity", "must be greater than 0 (example: 0.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":1000000}""", "quantity", "must be at most 1000 per order")]
    [InlineData("""{"client_order_id":"c","symbol":"DOGEUSDT","side":"buy","quantity":1}""", "symbol", "unknown symbol 'DOGEUSDT'; known: BTCUSDT, ETHUSDT, SOLUSDT")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"hold","quantity":1}""", "side", "must be 'buy' or 'sell'")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"stop","quantity":1}""", "type", "must be 'market' or 'limit'")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1}""", "limit_price", "is required for limit orders (example: 64000.5)")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":-5}""", "limit_price", "must be greater than 0")]
    [InlineData("""{"client_order_id":"has spaces","symbol":"BTCUSDT","side":"buy","quantity":1}""", "client_order_id", "must be 1-64 letters, digits or _ . : - (example: strategy-42)")]
    [InlineData("""{"client_order_id":7,"symbol":"BTCUSDT","side":"buy","quantity":1}""", "client_order_id", "must be a non-empty string")]
    [InlineData("""{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":1e400}""", "quantity", "is out of range")]
    public void EachInvalidFieldIsReportedWithItsReason(string json, string field, string reason)
    {
        var (order, errors) = Validate(json);

        Assert.Null(order);
        Assert.Contains(new FieldError(field, reason), errors);
    }

    [Fact]
    public void ABodyThatIsNotAnObjectIsRejected()
    {
        var (_, errors) = Validate("[1, 2]");

        Assert.Equal("body", Assert.Single(errors).Field);
    }

    [Fact]
    public void EveryProblemIsReportedAtOnce()
        => Assert.Equal(3, Validate("""{"symbol":"X","side":"up"}""").Errors.Count(e => e.Field is "client_order_id" or "symbol" or "side"));
}
