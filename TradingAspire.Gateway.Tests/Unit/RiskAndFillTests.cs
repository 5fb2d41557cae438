using TradingAspire.Gateway.Orders;

namespace TradingAspire.Gateway.Tests.Unit;

public sealed class RiskAndFillTests
{
    private static OrderRequest Order(string side, decimal quantity, string type = "market", decimal? limit = null)
        => new("c", "BTCUSDT", side, type, quantity, limit);

    [Fact]
    public void MarketBuysPaySlippageAboveTheMarket()
        => Assert.Equal(100.05m, FillEngine.FillPrice(Order("buy", 1), 100m, slippageBasisPoints: 5));

    [Fact]
    public void MarketSellsReceiveSlippageBelowTheMarket()
        => Assert.Equal(99.95m, FillEngine.FillPrice(Order("sell", 1), 100m, slippageBasisPoints: 5));

    [Theory]
    [InlineData("buy", 101, 100, true)]
    [InlineData("buy", 100, 100, true)]
    [InlineData("buy", 99, 100, false)]
    [InlineData("sell", 99, 100, true)]
    [InlineData("sell", 101, 100, false)]
    public void LimitOrdersFillAtTheMarketOnlyWhenMarketable(string side, double limit, double market, bool fills)
    {
        var price = FillEngine.FillPrice(Order(side, 1, "limit", (decimal)limit), (decimal)market, slippageBasisPoints: 5);

        Assert.Equal(fills ? (decimal)market : null, price);
    }

    [Fact]
    public void NotionalAboveTheLimitIsRejectedWithTheFigures()
    {
        var error = RiskRules.CheckNotional(Order("buy", 20), 65000m, maxNotional: 1_000_000m);

        Assert.Equal(new FieldError("quantity", "order notional 1300000 exceeds the limit of 1000000; reduce the quantity"), error);
    }

    [Fact]
    public void NotionalOfALimitOrderUsesItsLimitPrice()
        => Assert.Null(RiskRules.CheckNotional(Order("buy", 10, "limit", 1000m), 65000m, maxNotional: 20_000m));

    [Fact]
    public void APositionBeyondTheLimitIsRejected()
        => Assert.Equal("the BTCUSDT position would become 12, beyond the limit of ±10", RiskRules.CheckPosition(8m, Order("buy", 4), 10m)!.Reason);

    [Fact]
    public void ReducingAnOversizedPositionIsAllowed()
        => Assert.Null(RiskRules.CheckPosition(15m, Order("sell", 2), 10m));

    [Fact]
    public void OpeningAddsQuantityAtTheFillPrice()
        => Assert.Equal(new Position("BTCUSDT", 2, 100, 0), new Position("BTCUSDT", 0, 0, 0).Apply(1, 2, 100));

    [Fact]
    public void AddingMovesTheAveragePrice()
        => Assert.Equal(new Position("BTCUSDT", 4, 150, 0), new Position("BTCUSDT", 2, 100, 0).Apply(1, 2, 200));

    [Fact]
    public void ReducingRealisesProfitAtTheAverage()
        => Assert.Equal(new Position("BTCUSDT", 1, 100, 50), new Position("BTCUSDT", 2, 100, 0).Apply(-1, 1, 150));

    [Fact]
    public void ClosingAShortAtAHigherPriceRealisesALoss()
        => Assert.Equal(new Position("BTCUSDT", 0, 0, -20), new Position("BTCUSDT", -2, 100, 0).Apply(1, 2, 110));

    [Fact]
    public void FlippingRealisesTheClosedPartAndOpensTheRestAtTheFillPrice()
        => Assert.Equal(new Position("BTCUSDT", -1, 120, 40), new Position("BTCUSDT", 2, 100, 0).Apply(-1, 3, 120));
}
