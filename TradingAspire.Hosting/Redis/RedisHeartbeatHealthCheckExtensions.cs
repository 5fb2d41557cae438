using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary><c>WithRedisHeartbeatHealthCheck</c>: the health of a worker without an HTTP endpoint, from the heartbeat it writes to Redis.</summary>
public static class RedisHeartbeatHealthCheckExtensions
{
    /// <summary>
    /// Makes the resource Healthy while the string at <paramref name="key"/> in <paramref name="redis"/> is a JSON object
    /// whose <c>timestamp</c> (ISO 8601) is at most <paramref name="maxAge"/> old; Unhealthy when missing or older, e.g.
    /// <c>last heartbeat 40 s ago (at most 15 s expected)</c>. While Redis is unreachable (not connected, no answer within
    /// 2 s, or an error reply such as <c>LOADING</c> or <c>BUSY</c>) the heartbeat's age is unknown: Degraded, e.g.
    /// <c>heartbeat at 'strategy:heartbeat' unknown: the AppHost is not connected to Redis (not counted by a liveness probe)</c>; <c>WithLivenessProbe</c> counts only Unhealthy, so a Redis outage
    /// kills no worker (keep the probe's timeout above 2 s).
    /// </summary>
    /// <param name="builder">The worker.</param>
    /// <param name="redis">The Redis the worker writes its heartbeat to.</param>
    /// <param name="key">The heartbeat key, e.g. <c>strategy:heartbeat</c>.</param>
    /// <param name="maxAge">The oldest heartbeat still healthy; greater than zero.</param>
    /// <example><code>strategy.WithRedisHeartbeatHealthCheck(redis, "strategy:heartbeat", TimeSpan.FromSeconds(15));</code></example>
    public static IResourceBuilder<T> WithRedisHeartbeatHealthCheck<T>(this IResourceBuilder<T> builder, IResourceBuilder<RedisExecutableResource> redis,
        string key, TimeSpan maxAge)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero);
        var name = $"{builder.Resource.Name}_heartbeat";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(name,
            services => new RedisHeartbeatHealthCheck(() => redis.Resource.HealthCheckConnection, key, maxAge, services.GetRequiredService<TimeProvider>()),
            HealthStatus.Unhealthy, tags: null));
        return builder.WithHealthCheck(name);
    }
}
