using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The symbols in <c>Gateway:Symbols</c>: configuration adds to the defaults or changes one, and bad entries are named;
/// the client order id window's default and range.
/// </summary>
public sealed class GatewayOptionsTests
{
    private static GatewayOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();
        var services = new ServiceCollection();
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName)).ValidateDataAnnotations();
        return services.BuildServiceProvider().GetRequiredService<IOptions<GatewayOptions>>().Value;
    }

    [Fact]
    public void A_symbol_in_configuration_is_added_to_the_default_ones()
    {
        var options = Bind(("Gateway:Symbols:DOGEUSDT:StartPrice", "0.12"), ("Gateway:Symbols:DOGEUSDT:PricePrecision", "5"));

        Assert.Equal(["BTCUSDT", "ETHUSDT", "SOLUSDT", "DOGEUSDT"], options.Symbols.Keys);
        Assert.Equal((0.12m, 5, 4), (options.Symbols["DOGEUSDT"].StartPrice, options.Symbols["DOGEUSDT"].PricePrecision, options.Symbols["DOGEUSDT"].QuantityPrecision));
    }

    [Fact]
    public void Changing_one_setting_of_a_default_symbol_keeps_its_other_settings()
    {
        var options = Bind(("Gateway:Symbols:ETHUSDT:StartPrice", "4000"));

        Assert.Equal((4000m, 2, 3), (options.Symbols["ETHUSDT"].StartPrice, options.Symbols["ETHUSDT"].PricePrecision, options.Symbols["ETHUSDT"].QuantityPrecision));
    }

    [Fact]
    public void A_symbol_without_a_start_price_or_with_a_bad_name_is_refused_naming_the_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(("Gateway:Symbols:doge-usdt:PricePrecision", "5")));

        Assert.Equal(
            [
                "DataAnnotation validation failed for 'GatewayOptions' members: 'Symbols' with the error: 'Gateway:Symbols:doge-usdt: the symbol must be 2-20 capital letters or digits (example: Gateway:Symbols:BTCUSDT:StartPrice=65000).'.",
                "DataAnnotation validation failed for 'GatewayOptions' members: 'Symbols' with the error: 'Gateway:Symbols:doge-usdt:StartPrice: The field StartPrice must be between 0.00000001 and 1000000000 (example: Gateway:Symbols:BTCUSDT:StartPrice=65000, PricePrecision=2, QuantityPrecision=4).'.",
            ],
            error.Failures);
    }

    [Fact]
    public void The_client_order_id_window_is_15_minutes_unless_set_as_hh_mm_ss()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), Bind().ClientOrderIdWindow);
        Assert.Equal(TimeSpan.FromSeconds(90), Bind(("Gateway:ClientOrderIdWindow", "00:01:30")).ClientOrderIdWindow);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("2.00:00:00")]
    public void A_client_order_id_window_out_of_range_is_refused_with_the_range_and_an_example(string window)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(("Gateway:ClientOrderIdWindow", window)));

        Assert.Equal(
            "DataAnnotation validation failed for 'GatewayOptions' members: 'ClientOrderIdWindow' with the error: 'Gateway:ClientOrderIdWindow must be between " +
            "00:00:01 and 1.00:00:00 (hh:mm:ss or d.hh:mm:ss), for example Gateway:ClientOrderIdWindow=00:15:00 for 15 minutes.'.",
            Assert.Single(error.Failures));
    }
}
