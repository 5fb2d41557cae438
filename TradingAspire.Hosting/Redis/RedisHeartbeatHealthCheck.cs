using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace TradingAspire.Hosting;

/// <summary>
/// Healthy while a worker's heartbeat in Redis is fresh: the string at <c>key</c> is a JSON object whose
/// <c>timestamp</c> (ISO 8601) is at most <c>maxAge</c> old. A missing key (expired: no beat renewed it) or an old
/// timestamp is Unhealthy, with the age or the key in the description. One connection is kept for all checks; it is
/// made from the server's host, port and password (any password: no configuration string in between).
/// </summary>
internal sealed class RedisHeartbeatHealthCheck(Func<CancellationToken, Task<ConfigurationOptions>> connectionOptions, string key, TimeSpan maxAge,
    TimeProvider time) : IHealthCheck
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnectionMultiplexer? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            var value = await connection.GetDatabase().StringGetAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
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
        catch (Exception ex) when (ex is RedisException or JsonException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"heartbeat not readable: {ex.Message}", ex);
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } connected)
        {
            return connected;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                var options = await connectionOptions(cancellationToken).ConfigureAwait(false);
                options.AbortOnConnectFail = false;
                _connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            }

            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }
}
