using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Hosting;

/// <summary>
/// A health check that, until it has been Healthy since its resource last started, re-runs the inner check every
/// <see cref="StartupHealthPolling.Interval"/> within <see cref="StartupHealthPolling.Window"/>. <paramref name="healthySinceStart"/>
/// is shared by the checks of one app (each run of a check is a new instance); a start of the resource removes its registrations.
/// </summary>
internal sealed class StartupPollingHealthCheck(IHealthCheck inner, string registrationName, StartupHealthPolling polling,
    ConcurrentDictionary<string, bool> healthySinceStart, TimeProvider timeProvider) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            HealthCheckResult result;
            try
            {
                result = await inner.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // What HealthCheckService itself makes of a check that throws.
                result = new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
            }

            if (result.Status == HealthStatus.Healthy)
            {
                healthySinceStart.TryAdd(registrationName, true);
                return result;
            }

            if (healthySinceStart.ContainsKey(registrationName) || timeProvider.GetElapsedTime(started) + polling.Interval > polling.Window)
            {
                return result;
            }

            await Task.Delay(polling.Interval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
