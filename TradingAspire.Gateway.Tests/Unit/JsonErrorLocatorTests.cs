using TradingAspire.Gateway.Apis;

namespace TradingAspire.Gateway.Tests.Unit;

public sealed class JsonErrorLocatorTests
{
    [Theory]
    [InlineData("""{"symbol":"BTCUSDT","quantity":NaN}""", "quantity")]
    [InlineData("""{"quantity":Infinity,"symbol":"BTCUSDT"}""", "quantity")]
    [InlineData("""{"quantity":-Infinity}""", "quantity")]
    [InlineData("""{"limit_price":{"a":nope}}""", "limit_price")]
    [InlineData("""{"symbol":"BTCUSDT" "side":"buy"}""", null)]
    [InlineData("""hello""", null)]
    [InlineData("""{"symbol":"BTCUSDT"}""", null)]
    public void The_field_whose_value_breaks_the_JSON_is_named(string json, string? field)
        => Assert.Equal(field, JsonErrorLocator.FieldAtError(Encoding.UTF8.GetBytes(json)));
}
