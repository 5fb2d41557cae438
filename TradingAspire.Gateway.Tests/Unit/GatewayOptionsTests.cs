using System.Reflection;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The symbols in <c>Gateway:Symbols</c>: configuration adds to the defaults or changes one; the client order id window's
/// default; every bad <c>Gateway</c> setting, unparsable or out of range, named by <see cref="GatewayOptionsCheck"/> with
/// its key, its value, the expected form and an example.
/// </summary>
public sealed class GatewayOptionsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    private static IReadOnlyList<string> Failures(params (string Key, string Value)[] settings) => GatewayOptionsCheck.Failures(Configuration(settings));

    private static GatewayOptions Bind(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddOptions<GatewayOptions>().Bind(Configuration(settings).GetSection(GatewayOptions.SectionName)).ValidateDataAnnotations();
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
    public void A_symbol_without_a_start_price_or_with_a_bad_name_is_refused_naming_the_key_the_value_and_an_example()
    {
        Assert.Equal(
            [
                "Gateway:Symbols:doge-usdt names the symbol 'doge-usdt': expected 2-20 capital letters or digits; example: Gateway__Symbols__DOGEUSDT__StartPrice=0.12.",
                "Gateway:Symbols:DOTUSDT:StartPrice is not set: expected a price from 0.00000001 to 1000000000; example: Gateway__Symbols__DOTUSDT__StartPrice=65000.",
                "Gateway:Symbols:ETHUSDT:PricePrecision is '11': expected a whole number of decimals from 0 to 10; example: Gateway__Symbols__ETHUSDT__PricePrecision=2.",
            ],
            Failures(("Gateway:Symbols:doge-usdt:StartPrice", "0.12"), ("Gateway:Symbols:DOTUSDT:PricePrecision", "3"), ("Gateway:Symbols:ETHUSDT:PricePrecision", "11")));
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
    [InlineData("15min")]
    [InlineData("15")]                       // .NET reads a lone number as days
    public void A_client_order_id_window_that_is_no_time_span_or_out_of_range_is_refused_with_the_value_the_form_and_an_example(string window)
    {
        var error = Assert.Throws<OptionsValidationException>(() => GatewayOptionsCheck.ThrowIfInvalid(Configuration(("Gateway:ClientOrderIdWindow", window))));

        Assert.Equal(
            $"Gateway:ClientOrderIdWindow is '{window}': expected a time span hh:mm:ss or d.hh:mm:ss from 00:00:01 to 1.00:00:00 (00:15:00 is 15 minutes); " +
            "example: Gateway__ClientOrderIdWindow=00:15:00.",
            Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("TickIntervalMilliseconds", "250ms", "a whole number of milliseconds from 10 to 60000", "250")]
    [InlineData("TickIntervalMilliseconds", "5", "a whole number of milliseconds from 10 to 60000", "250")]
    [InlineData("TickVolatility", "high", "a number from 0 to 0.1 (the standard deviation of one tick's log return)", "0.0005")]
    [InlineData("TickDrift", "0,001", "a number from -0.01 to 0.01 (the mean of one tick's log return)", "0")]
    [InlineData("TickHistoryLength", "-1", "a whole number of ticks from 0 to 100000", "2000")]
    [InlineData("Seed", "random", "a whole number from -2147483648 to 2147483647, or empty for a random seed", "42")]
    [InlineData("SlippageBasisPoints", "5bp", "a number of basis points from 0 to 1000", "5")]
    [InlineData("MaxOrderQuantity", "0", "a quantity from 0.00000001 to 1000000000", "1000")]
    [InlineData("MaxOrderNotional", "1M", "a notional (quantity × price) from 1 to 1000000000000", "1000000")]
    [InlineData("SchemaVersion", "db/migrations/0007_order_sequencer.sql", "a migration script's file name ending in .sql, without a directory, or empty for no check", "0007_order_sequencer.sql")]
    [InlineData("MaxPositionPerSymbol", "lots", "a quantity from 0.00000001 to 1000000000", "100")]
    public void Each_bad_gateway_setting_is_named_with_its_value_the_expected_form_and_an_example(string setting, string value, string form, string example)
    {
        Assert.Equal(
            [$"Gateway:{setting} is '{value}': expected {form}; example: Gateway__{setting}={example}."],
            Failures(($"Gateway:{setting}", value)));
    }

    [Fact]
    public void Every_example_is_accepted_and_every_scalar_setting_has_a_form_and_an_example()
    {
        var settings = new[] { typeof(GatewayOptions), typeof(InstrumentOptions) }
            .SelectMany(type => type.GetProperties().Where(p => p.Name != nameof(GatewayOptions.Symbols)).Select(p => (Type: type, Property: p)))
            .ToList();
        Assert.All(settings, s => Assert.NotNull(s.Property.GetCustomAttribute<SettingAttribute>()));

        var examples = settings.Select(s => (
            Key: s.Type == typeof(GatewayOptions) ? $"Gateway:{s.Property.Name}" : $"Gateway:Symbols:DOGEUSDT:{s.Property.Name}",
            Value: s.Property.GetCustomAttribute<SettingAttribute>()!.Example)).ToArray();
        Assert.Empty(Failures(examples));
        Assert.Empty(Failures());
    }
}
