using StackExchange.Redis;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The gateway's Redis client, as <see cref="GatewayServiceCollectionExtensions.AddGatewayServices"/> configures it, tries
/// to connect again every second while Redis is down, however long it has been down (the library's default policy backs
/// off to attempts up to 10 s apart). That a client made while Redis is down connects once it starts is tested with its
/// log (<see cref="RedisConnectionLogTests"/>).
/// </summary>
public sealed class RedisReconnectTests
{
    [Fact]
    public void The_reconnect_policy_allows_an_attempt_a_second_after_any_number_of_failed_ones()
    {
        using var host = GatewayServicesHost.Build(redisPort: 1);
        var policy = host.Services.GetRequiredService<IOptions<ConfigurationOptions>>().Value.ReconnectRetryPolicy;

        // StackExchange.Redis asks at each heartbeat (once a second) whether to try again, with the failed attempts so far
        // and the milliseconds since the last one. The default ExponentialRetry(1000) answers no for most draws past a few
        // dozen failures (it waits 1 s to 10 s at random).
        var refused = Enumerable.Range(0, 1000).Where(failures => !policy.ShouldRetry(failures, (int)GatewayServiceCollectionExtensions.RedisReconnectInterval.TotalMilliseconds)).ToList();

        Assert.Empty(refused);
    }
}
