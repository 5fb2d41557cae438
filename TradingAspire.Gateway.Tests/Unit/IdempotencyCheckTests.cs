using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Tests.Unit;

public sealed class IdempotencyCheckTests
{
    private static readonly OrderRecord Stored = new(Guid.NewGuid(), "c-1", "BTCUSDT", "buy", "limit", 0.5000000000m, 64000.0000000000m, "resting", 0m, null,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void The_same_order_with_numbers_written_differently_is_a_retry()
        => Assert.Empty(IdempotencyCheck.Differences(Stored, new OrderRequest("c-1", "BTCUSDT", "buy", "limit", 0.5m, 64000m)));

    [Theory]
    [InlineData("ETHUSDT", "buy", "limit", 0.5, 64000.0, "symbol", "was BTCUSDT, now ETHUSDT")]
    [InlineData("BTCUSDT", "sell", "limit", 0.5, 64000.0, "side", "was buy, now sell")]
    [InlineData("BTCUSDT", "buy", "limit", 2.0, 64000.0, "quantity", "was 0.5, now 2")]
    [InlineData("BTCUSDT", "buy", "limit", 0.5, 64000.5, "limit_price", "was 64000, now 64000.5")]
    public void Each_differing_field_is_named_with_both_values(string symbol, string side, string type, double quantity, double limitPrice, string field, string reason)
    {
        var differences = IdempotencyCheck.Differences(Stored, new OrderRequest("c-1", symbol, side, type, (decimal)quantity, (decimal)limitPrice));

        Assert.Equal(new FieldError(field, reason), Assert.Single(differences));
    }

    [Fact]
    public void A_market_order_under_a_limit_orders_id_differs_in_type_and_limit_price()
        => Assert.Equal(
            [new FieldError("type", "was limit, now market"), new FieldError("limit_price", "was 64000, now none")],
            IdempotencyCheck.Differences(Stored, new OrderRequest("c-1", "BTCUSDT", "buy", "market", 0.5m, null)));
}
