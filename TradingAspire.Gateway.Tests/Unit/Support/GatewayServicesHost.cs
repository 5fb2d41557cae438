using TradingAspire.Gateway.Auth;

namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>
/// The gateway's services as <see cref="GatewayServiceCollectionExtensions.AddGatewayServices"/> registers them, in a
/// host that is built but not started, with its Redis at 127.0.0.1 on a given port and a PostgreSQL it never opens; its
/// logs go to a fake logger (<see cref="FakeLoggerServiceProviderExtensions.GetFakeLogCollector"/>).
/// </summary>
internal static class GatewayServicesHost
{
    /// <summary>
    /// The host; <paramref name="authentication"/>: with the gateway's token check too (<c>AddGatewayAuthentication</c>,
    /// key <see cref="GatewayFixture.SigningKey"/>); <paramref name="configure"/> adds or replaces services after the
    /// gateway's (a clock, the Redis client's options, options set in code).
    /// </summary>
    public static IHost Build(int redisPort, Action<IServiceCollection>? configure = null, bool authentication = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:trading"] = "Host=127.0.0.1;Port=1;Username=postgres;Password=unused;Database=trading",
            ["ConnectionStrings:redis"] = $"127.0.0.1:{redisPort}",
            ["Auth:SigningKey"] = GatewayFixture.SigningKey,
        });
        builder.AddGatewayServices();
        if (authentication)
        {
            builder.AddGatewayAuthentication();
        }

        builder.Logging.AddFakeLogging();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
