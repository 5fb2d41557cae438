using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>
/// Polls a running resource's health checks: quickly with backoff (50 ms doubling to 0.5 s) until they pass, so
/// dependents start as soon as possible, then every interval. A resource without checks is Healthy once Running.
/// </summary>
internal sealed class HealthMonitor(
    IResource resource,
    IReadOnlyList<(string Name, IResourceHealthCheck Check)> checks,
    ResourceNotificationService notifications,
    TimeProvider timeProvider,
    TimeSpan interval)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Monitors until cancelled; cancellation (the process exited or is stopping) ends it quietly.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await MonitorAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A check was in flight when the run ended.
        }
    }

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        if (checks.Count == 0)
        {
            await PublishAsync(HealthStatus.Healthy, []).ConfigureAwait(false);
            return;
        }

        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var reports = await Task.WhenAll(checks.Select(c => RunCheckAsync(c.Name, c.Check, cancellationToken))).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var healthy = reports.All(r => r.Status == nameof(HealthStatus.Healthy));
            await PublishAsync(healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy, reports).ConfigureAwait(false);
            failures = healthy ? 0 : failures + 1;
            var delay = healthy ? interval : BackoffSchedule.Delay(FirstRetry, MaxRetry, failures - 1);
            try
            {
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<HealthReportSnapshot> RunCheckAsync(string name, IResourceHealthCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        HealthCheckResult result;
        try
        {
            result = await check.CheckAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result = HealthCheckResult.Unhealthy($"{ex.GetType().Name}: {ex.Message}");
        }

        return new HealthReportSnapshot(name, result.Status.ToString(), result.Description ?? result.Exception?.Message, timeProvider.GetUtcNow());
    }

    private Task PublishAsync(HealthStatus status, IReadOnlyList<HealthReportSnapshot> reports)
        => notifications.PublishUpdateAsync(resource, s => s.State == KnownResourceStates.Running
            ? s with { HealthStatus = status, HealthReports = reports }
            : s);
}
