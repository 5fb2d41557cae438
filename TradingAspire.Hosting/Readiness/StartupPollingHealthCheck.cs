using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Hosting;

/// <summary>
/// A health check that, until it has been Healthy since its resource last started, re-runs the inner check every
/// <see cref="StartupHealthPolling.Interval"/> within <see cref="StartupHealthPolling.Window"/>. <paramref name="healthySinceStart"/>
/// is shared by the checks of one app (each run of a check is a new instance); a start of the resource removes its registrations.
/// While another attempt fits in the window, an attempt is cancelled after 10 intervals and counts as the failure status: DCP's
/// proxy holds a request while the service is down, and the attempt after it answers is not delayed by one held until the check's
/// own timeout. An attempt begun with less than that plus an interval of the window left is not bounded, so a check slower than that but healthy still gives its result.
/// </summary>
internal sealed class StartupPollingHealthCheck(IHealthCheck inner, string registrationName, StartupHealthPolling polling,
    ConcurrentDictionary<string, bool> healthySinceStart, TimeProvider timeProvider) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        var bound = polling.Interval * 10;
        while (true)
        {
            HealthCheckResult result;
            var bounded = !healthySinceStart.ContainsKey(registrationName) && timeProvider.GetElapsedTime(started) + bound + polling.Interval <= polling.Window;
            using var attempt = new CancellationTokenSource(bounded ? bound : Timeout.InfiniteTimeSpan, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token);
            try
            {
                result = await inner.CheckHealthAsync(context, linked.Token).ConfigureAwait(false);
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
