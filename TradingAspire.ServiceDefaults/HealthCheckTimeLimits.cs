using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every health check answers within its registration's <see cref="HealthCheckRegistration.Timeout"/>, even one that
/// ignores cancellation. ASP.NET Core's timeout only cancels the token it passes; AspNetCore.HealthChecks.Redis does not
/// pass it on (its PINGs take none), so a PING that never completed would hold <c>/health</c> (and the background run
/// of every check) for as long as it lasted. (CI once saw the gateway's <c>/health</c> give no answer for 100 s right
/// after Redis stopped; the cause was not found, and 1,650 Redis stop/start cycles never left a PING hanging.)
/// </summary>
internal static class HealthCheckTimeLimits
{
    // Registrations are shared by every options instance built from the services (IOptionsSnapshot builds one per
    // scope): each is limited once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HealthCheckRegistration, object> Limited = new();

    /// <summary>
    /// Gives each registration without a timeout <paramref name="defaultLimit"/> and makes its check stop waiting when the
    /// timeout's token fires: the result is then ASP.NET Core's own, the registration's failure status with "A timeout
    /// occurred while running check." (logged by <see cref="HealthCheckStatusLog"/> when the status changes), and the
    /// check's task is left to finish in the background (its scope already disposed: a check given up on must not need
    /// its scoped services any more).
    /// </summary>
    public static void Apply(HealthCheckServiceOptions options, TimeSpan defaultLimit)
    {
        foreach (var registration in options.Registrations.Where(r => Limited.TryAdd(r, r)))
        {
            registration.Timeout = registration.Timeout > TimeSpan.Zero ? registration.Timeout : defaultLimit;
            var factory = registration.Factory;
            registration.Factory = services => new StopsWaitingWhenCancelled(factory(services));
        }
    }

    private sealed class StopsWaitingWhenCancelled(IHealthCheck check) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
            => check.CheckHealthAsync(context, cancellationToken).WaitAsync(cancellationToken);
    }
}
