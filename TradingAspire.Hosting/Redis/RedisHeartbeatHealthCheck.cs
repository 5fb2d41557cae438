using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace TradingAspire.Hosting;

/// <summary>
/// Healthy while the JSON object at <c>key</c> has a <c>timestamp</c> (ISO 8601) at most <c>maxAge</c> old; a missing key
/// or an old timestamp is Unhealthy, saying which.
/// </summary>
internal sealed class RedisHeartbeatHealthCheck(Func<IConnectionMultiplexer> connection, string key, TimeSpan maxAge, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var value = await connection().GetDatabase().StringGetAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (value.IsNullOrEmpty)
            {
                return HealthCheckResult.Unhealthy($"no heartbeat at '{key}' in Redis");
            }

            using var beat = JsonDocument.Parse(value.ToString());
            if (!beat.RootElement.TryGetProperty("timestamp", out var timestamp) || !timestamp.TryGetDateTimeOffset(out var at))
            {
                return HealthCheckResult.Unhealthy($"the heartbeat at '{key}' has no ISO 8601 'timestamp'");
            }

            var age = time.GetUtcNow() - at;
            return age <= maxAge
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"last heartbeat {age.TotalSeconds:0} s ago (at most {maxAge.TotalSeconds:0} s expected)");
        }
        catch (Exception ex) when (ex is RedisException or JsonException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"heartbeat not readable: {ex.Message}", ex);
        }
    }
}
