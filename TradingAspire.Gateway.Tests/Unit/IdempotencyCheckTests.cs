using TradingAspire.Gateway.Orders;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Tests.Unit;

public sealed class IdempotencyCheckTests
{
    private static readonly OrderRecord Stored = new(Guid.NewGuid(), "c-1", "BTCUSDT", "buy", "limit", 0.5000000000m, 64000.0000000000m, "resting", 0m, null,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void TheSameOrderWithNumbersWrittenDifferentlyIsARetry()
        => Assert.Empty(IdempotencyCheck.Differences(Stored, new OrderRequest("c-1", "BTCUSDT", "buy", "limit", 0.5m, 64000m)));

    [Theory]
    [InlineData("ETHUSDT", "buy", "limit", 0.5, 64000.0, "symbol", "was BTCUSDT, now ETHUSDT")]
    [InlineData("BTCUSDT", "sell", "limit", 0.5, 64000.0, "side", "was buy, now sell")]
    [InlineData("BTCUSDT", "buy", "limit", 2.0, 64000.0, "quantity", "was 0.5, now 2")]
    [InlineData("BTCUSDT", "buy", "limit", 0.5, 64000.5, "limit_price", "was 64000, now 64000.5")]
    public void EachDifferingFieldIsNamedWithBothValues(string symbol, string side, string type, double quantity, double limitPrice, string field, string reason)
    {
        var differences = IdempotencyCheck.Differences(Stored, new OrderRequest("c-1", symbol, side, type, (decimal)quantity, (decimal)limitPrice));

        Assert.Equal(new FieldError(field, reason), Assert.Single(differences));
    }

    [Fact]
    public void AMarketOrderUnderALimitOrdersIdDiffersInTypeAndLimitPrice()
        => Assert.Equal(
            [new FieldError("type", "was limit, now market"), new FieldError("limit_price", "was 64000, now none")],
            IdempotencyCheck.Differences(Stored, new OrderRequest("c-1", "BTCUSDT", "buy", "market", 0.5m, null)));
}
