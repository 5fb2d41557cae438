using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Hosting;

/// <summary>
/// A liveness probe's HTTP GET (Kubernetes' <c>httpGet</c> probe): Healthy when <c>{endpoint}{path}</c> answers 2xx.
/// Registered with the health check service but not attached to the resource, so it does not decide readiness.
/// </summary>
internal sealed class HttpLivenessCheck(EndpointReference endpoint, string path) : IHealthCheck
{
    private static readonly HttpClient Client = new() { Timeout = Timeout.InfiniteTimeSpan }; // bounded by the probe's token

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var url = new Uri(new Uri(endpoint.Url), path);
        try
        {
            using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"GET {url} answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Unhealthy($"GET {url} failed: {ex.Message}", ex);
        }
    }
}
