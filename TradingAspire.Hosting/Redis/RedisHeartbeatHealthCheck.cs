using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace TradingAspire.Hosting;

/// <summary>
/// Healthy while the JSON object at <c>key</c> has a <c>timestamp</c> (ISO 8601) at most <c>maxAge</c> old; a missing key,
/// a value without such a timestamp or an old timestamp is Unhealthy, saying which. When the heartbeat cannot be read
/// because of Redis (not connected, a connection failure, no answer within <see cref="ReadTimeout"/>, or an answer that
/// it cannot serve now: <see cref="UnavailableErrors"/>) the worker's state is unknown: Degraded, saying why, which <see cref="LivenessMonitor"/> does not count as a failure
/// (a liveness probe judges the process, not its dependencies).
/// </summary>
internal sealed class RedisHeartbeatHealthCheck(Func<IConnectionMultiplexer> connection, string key, TimeSpan maxAge, TimeProvider time) : IHealthCheck
{
    /// <summary>Bound of the read, below a liveness probe's default 5 s timeout: a hung Redis is Degraded, not a probe without an answer.</summary>
    internal static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Redis's error replies that say Redis, not the worker, is the problem: still loading its data, busy with a script,
    /// the AppHost's client not authenticated or not allowed, a replica without its primary.
    /// </summary>
    internal static readonly string[] UnavailableErrors = ["LOADING", "BUSY", "NOAUTH", "WRONGPASS", "NOPERM", "MASTERDOWN"];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        RedisValue value;
        try
        {
            var redis = connection();
            if (!redis.IsConnected)
            {
                return Unreachable("the AppHost is not connected to Redis");
            }

            value = await redis.GetDatabase().StringGetAsync(key).WaitAsync(ReadTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            return Unreachable($"the connection to Redis failed ({ex.FailureType})", ex);
        }
        catch (TimeoutException ex) // RedisTimeoutException too
        {
            return Unreachable($"Redis did not answer within {DurationText.Format(ReadTimeout)}", ex);
        }
        catch (InvalidOperationException ex) // Redis's endpoint not allocated yet
        {
            return Unreachable(ex.Message, ex);
        }
        catch (RedisServerException ex) when (UnavailableErrors.Contains(ex.Message.Split(' ')[0], StringComparer.Ordinal))
        {
            return Unreachable($"Redis cannot serve it now: {ex.Message}", ex);
        }
        catch (RedisException ex) // another server error, e.g. WRONGTYPE: the key holds no string
        {
            return HealthCheckResult.Unhealthy($"heartbeat at '{key}' not readable: {ex.Message}", ex);
        }

        return Judge(value);
    }

    private HealthCheckResult Judge(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return HealthCheckResult.Unhealthy($"no heartbeat at '{key}' in Redis");
        }

        try
        {
            using var beat = JsonDocument.Parse(value.ToString());
            if (beat.RootElement.ValueKind != JsonValueKind.Object || !beat.RootElement.TryGetProperty("timestamp", out var timestamp)
                || !timestamp.TryGetDateTimeOffset(out var at))
            {
                return HealthCheckResult.Unhealthy($"the heartbeat at '{key}' has no ISO 8601 'timestamp'");
            }

            var age = time.GetUtcNow() - at;
            return age <= maxAge
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"last heartbeat {age.TotalSeconds:0} s ago (at most {maxAge.TotalSeconds:0} s expected)");
        }
        catch (JsonException ex)
        {
            return HealthCheckResult.Unhealthy($"heartbeat at '{key}' not readable: {ex.Message}", ex);
        }
    }

    private HealthCheckResult Unreachable(string reason, Exception? exception = null)
        => HealthCheckResult.Degraded($"heartbeat at '{key}' unknown: {reason} (not counted by a liveness probe)", exception);
}
