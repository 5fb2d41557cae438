using TradingAspire.Gateway.Auth;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// Settings set in code (<c>Configure</c>/<c>PostConfigure</c>) are checked when the host starts, by the same check and
/// with the same sentences as configuration before the host is built (<see cref="GatewayOptionsCheck"/>,
/// <see cref="GatewayAuthOptionsCheck"/>): the start stops before any hosted service starts. The host here points at
/// PostgreSQL and Redis ports where nothing listens, so a start that went on would fail otherwise or hang.
/// </summary>
public sealed class OptionsSetInCodeTests
{
    [Fact]
    public async Task A_symbol_or_tick_interval_set_in_code_that_breaks_the_rules_stops_the_start_naming_each_failure()
    {
        using var host = Gateway(services => services.PostConfigure<GatewayOptions>(options =>
        {
            options.TickIntervalMilliseconds = 5;                                   // the default is 250
            options.Symbols["xrp-usdt"] = new InstrumentOptions { StartPrice = 0.5m };
            options.Symbols["ADAUSDT"] = new InstrumentOptions { PricePrecision = 4 };
        }));

        var refused = await StartAsync(host);

        Assert.Equal(
            [
                "Gateway:TickIntervalMilliseconds is '5': expected a whole number of milliseconds from 10 to 60000; example: Gateway__TickIntervalMilliseconds=250.",
                "Gateway:Symbols:ADAUSDT:StartPrice is not set: expected a price from 0.00000001 to 1000000000; example: Gateway__Symbols__ADAUSDT__StartPrice=65000.",
                "Gateway:Symbols:xrp-usdt names the symbol 'xrp-usdt': expected 2-20 capital letters or digits; example: Gateway__Symbols__DOGEUSDT__StartPrice=0.12.",
            ],
            refused.Failures);
    }

    [Fact]
    public async Task Every_symbol_removed_in_code_stops_the_start()
    {
        using var host = Gateway(services => services.PostConfigure<GatewayOptions>(options => options.Symbols.Clear()));

        var refused = await StartAsync(host);

        Assert.Equal(["Gateway:Symbols is empty: expected at least one symbol; example: Gateway__Symbols__BTCUSDT__StartPrice=65000."], refused.Failures);
    }

    [Fact]
    public async Task A_signing_key_shortened_in_code_stops_the_start_with_the_configuration_s_sentence()
    {
        using var host = Gateway(services => services.PostConfigure<GatewayAuthOptions>(auth => auth.SigningKey = "short"));

        var refused = await StartAsync(host);

        Assert.Equal(["Auth:SigningKey must be at least 32 characters (HS256 needs a key of 256 bits or more); example: Auth__SigningKey=$(openssl rand -hex 32)."], refused.Failures);
    }

    // The gateway's services and authentication over valid configuration, then configure's changes in code.
    private static IHost Gateway(Action<IServiceCollection> configure) => GatewayServicesHost.Build(redisPort: 1, configure, authentication: true);

    private static async Task<OptionsValidationException> StartAsync(IHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(timeout.Token));
    }
}
