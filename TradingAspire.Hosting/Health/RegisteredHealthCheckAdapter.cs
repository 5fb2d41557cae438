using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Health;

/// <summary>Runs a check registered in the AppHost's service collection as a resource health check.</summary>
internal sealed class RegisteredHealthCheckAdapter(HealthCheckRegistration registration, IServiceProvider services) : IResourceHealthCheck
{
    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var check = registration.Factory(services);
            var context = new HealthCheckContext { Registration = registration };
            return await check.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{registration.Name} threw: {ex.Message}");
        }
    }
}
