using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Health;

/// <summary>Healthy when a TCP connection to the endpoint succeeds.</summary>
public sealed class TcpHealthCheck(EndpointReference endpoint) : IResourceHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"TCP {endpoint.Host}:{endpoint.Port} accepts connections");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"TCP {endpoint.Host}:{endpoint.Port} refused: {ex.Message}");
        }
    }
}
