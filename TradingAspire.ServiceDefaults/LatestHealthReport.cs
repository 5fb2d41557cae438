using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The latest result of every health check, published by ASP.NET Core's health check publisher, which runs the checks
/// in the background once a second (<see cref="Extensions.AddDefaultHealthChecks"/>): <c>/health</c> answers from it,
/// so a caller (the AppHost, a load balancer, a benchmark) costs no PostgreSQL or Redis round trip per request while
/// the service is Healthy or Degraded (an Unhealthy report is checked again per request, so recovery shows at once). A
/// dependency going down shows within about a second (plus the check's own timeout).
/// </summary>
/// <param name="timeProvider">The clock that stamps each report.</param>
public sealed class LatestHealthReport(TimeProvider timeProvider) : IHealthCheckPublisher
{
    private volatile PublishedHealthReport? _latest;

    /// <summary>The latest report and when it was published; null until the first run of the checks has finished.</summary>
    public PublishedHealthReport? Latest => _latest;

    /// <inheritdoc />
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _latest = new PublishedHealthReport(report, timeProvider.GetUtcNow());
        return Task.CompletedTask;
    }
}

/// <summary>A health report and when its checks ran (UTC).</summary>
/// <param name="Report">The checks' results.</param>
/// <param name="CheckedAt">When the run finished (UTC).</param>
public sealed record PublishedHealthReport(HealthReport Report, DateTimeOffset CheckedAt);
