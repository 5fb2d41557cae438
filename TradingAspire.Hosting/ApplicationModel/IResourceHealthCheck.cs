using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A health check for one resource; endpoints are allocated when it runs.</summary>
public interface IResourceHealthCheck
{
    /// <summary>Runs the check once. Implementations return Unhealthy with a description rather than throw.</summary>
    Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken);
}
