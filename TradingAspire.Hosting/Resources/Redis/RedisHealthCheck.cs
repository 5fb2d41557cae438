using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Resources.Redis;

/// <summary>Healthy when <c>AUTH</c> then <c>PING</c> answer <c>+OK</c> and <c>+PONG</c> (plain RESP over TCP).</summary>
internal sealed class RedisHealthCheck(RedisResource redis) : IResourceHealthCheck
{
    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(redis.Endpoint.Host, redis.Endpoint.Port, cancellationToken).ConfigureAwait(false);
            await using var stream = client.GetStream();
            var request = Encoding.ASCII.GetBytes($"AUTH {redis.Password}\r\nPING\r\n");
            await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            var reader = new StreamReader(stream, Encoding.ASCII);
            var auth = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var ping = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            return auth == "+OK" && ping == "+PONG"
                ? HealthCheckResult.Healthy($"PING on {redis.Endpoint.Host}:{redis.Endpoint.Port} answered PONG")
                : HealthCheckResult.Unhealthy($"AUTH/PING answered '{auth}' / '{ping}'");
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return HealthCheckResult.Unhealthy($"PING failed: {ex.Message}");
        }
    }
}
