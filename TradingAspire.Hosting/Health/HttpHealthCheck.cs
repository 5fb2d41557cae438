using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Health;

/// <summary>Healthy when GET {endpoint}{path} answers the expected status code.</summary>
public sealed class HttpHealthCheck(EndpointReference endpoint, string path, int expectedStatusCode) : IResourceHealthCheck
{
    // One client for every check: checks run every few seconds for every resource.
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        var url = endpoint.Url + path;
        try
        {
            using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode == expectedStatusCode
                ? HealthCheckResult.Healthy($"GET {url} → {(int)response.StatusCode}")
                : HealthCheckResult.Unhealthy($"GET {url} → {(int)response.StatusCode}, expected {expectedStatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"GET {url} failed: {ex.Message}");
        }
    }
}
