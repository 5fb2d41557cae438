namespace TradingAspire.Gateway.Tests.Unit;

public sealed class RiskAndFillTests
{
    private static OrderRequest Order(string side, decimal quantity, string type = "market", decimal? limit = null)
        => new("c", "BTCUSDT", side, type, quantity, limit);

    [Fact]
    public void Market_buys_pay_slippage_above_the_market()
        => Assert.Equal(100.05m, FillEngine.FillPrice(Order("buy", 1), 100m, slippageBasisPoints: 5));

    [Fact]
    public void Market_sells_receive_slippage_below_the_market()
        => Assert.Equal(99.95m, FillEngine.FillPrice(Order("sell", 1), 100m, slippageBasisPoints: 5));

    [Theory]
    [InlineData("buy", 101, 100, true)]
    [InlineData("buy", 100, 100, true)]
    [InlineData("buy", 99, 100, false)]
    [InlineData("sell", 99, 100, true)]
    [InlineData("sell", 101, 100, false)]
    public void Limit_orders_fill_at_the_market_only_when_marketable(string side, double limit, double market, bool fills)
    {
        var price = FillEngine.FillPrice(Order(side, 1, "limit", (decimal)limit), (decimal)market, slippageBasisPoints: 5);

        Assert.Equal(fills ? (decimal)market : null, price);
    }

    [Fact]
    public void Notional_above_the_limit_is_rejected_with_the_figures()
    {
        var error = RiskRules.CheckNotional(Order("buy", 20), 65000m, maxNotional: 1_000_000m);

        Assert.Equal(new FieldError("quantity", "order notional 1300000 exceeds the limit of 1000000; reduce the quantity"), error);
    }

    [Fact]
    public void Notional_of_a_limit_order_uses_its_limit_price()
        => Assert.Null(RiskRules.CheckNotional(Order("buy", 10, "limit", 1000m), 65000m, maxNotional: 20_000m));

    [Fact]
    public void A_position_beyond_the_limit_is_rejected()
        => Assert.Equal("the BTCUSDT position would become 12, beyond the limit of ±10", RiskRules.CheckPosition(8m, Order("buy", 4), 10m)!.Reason);

    [Fact]
    public void Reducing_an_oversized_position_is_allowed()
        => Assert.Null(RiskRules.CheckPosition(15m, Order("sell", 2), 10m));

    [Fact]
    public void Opening_adds_quantity_at_the_fill_price()
        => Assert.Equal(new Position("BTCUSDT", 2, 100, 0), new Position("BTCUSDT", 0, 0, 0).Apply(1, 2, 100));

    [Fact]
    public void Adding_moves_the_average_price()
        => Assert.Equal(new Position("BTCUSDT", 4, 150, 0), new Position("BTCUSDT", 2, 100, 0).Apply(1, 2, 200));

    [Fact]
    public void Reducing_realises_profit_at_the_average()
        => Assert.Equal(new Position("BTCUSDT", 1, 100, 50), new Position("BTCUSDT", 2, 100, 0).Apply(-1, 1, 150));

    [Fact]
    public void Closing_a_short_at_a_higher_price_realises_a_loss()
        => Assert.Equal(new Position("BTCUSDT", 0, 0, -20), new Position("BTCUSDT", -2, 100, 0).Apply(1, 2, 110));

    [Fact]
    public void Flipping_realises_the_closed_part_and_opens_the_rest_at_the_fill_price()
        => Assert.Equal(new Position("BTCUSDT", -1, 120, 40), new Position("BTCUSDT", 2, 100, 0).Apply(-1, 3, 120));
}
