using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The gateway's Redis client, as <see cref="GatewayServiceCollectionExtensions.AddGatewayServices"/> configures it, tries
/// to connect again every second while Redis is down, however long it has been down (the library's default policy backs
/// off to attempts up to 10 s apart), and a client made while Redis is down connects once it starts.
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

    [Fact]
    public async Task The_client_of_a_gateway_started_while_Redis_is_down_connects_once_Redis_starts()
    {
        var port = ChildProcess.FreePort();
        using var host = GatewayServicesHost.Build(port);

        // Connects as the gateway's start does. How soon after Redis's start it connects is the policy's (the test above);
        // a short outage like this one is also bridged by the library's default policy.
        var redisClient = host.Services.GetRequiredService<IConnectionMultiplexer>();
        Assert.False(redisClient.IsConnected);
        await using var redis = TestRedisServer.Start(port);
        var sinceStart = Stopwatch.StartNew();

        await Poll.UntilAsync(() => Task.FromResult(redisClient.IsConnected),
            () => $"not connected {sinceStart.Elapsed.TotalSeconds:0.0} s after redis-server started: {redisClient.GetStatus()}; redis-server: {redis.Output}",
            TimeSpan.FromSeconds(30));
    }
}
