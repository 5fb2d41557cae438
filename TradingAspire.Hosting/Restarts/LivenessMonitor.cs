using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Hosting;

/// <summary>
/// Runs the liveness probe of every running replica through <see cref="HealthCheckService"/>, on its own schedule (Aspire
/// checks a healthy resource only every 30 s); only Unhealthy counts as a failure (<see cref="Failure"/>). A kill is
/// SIGKILL to the process tree (a stopped or deadlocked process cannot be asked to stop); <see cref="RestartSupervisor"/>
/// sees the exit as a crash. A resource run under the reload launcher (<c>ModuleReloadAnnotation</c>) is not probed while
/// the launcher waits for a change with no child process (<see cref="ModuleOf"/>); a reload (another child) counts as a
/// process start, with the initial delay (<see cref="LivenessWatch"/>).
/// </summary>
internal sealed class LivenessMonitor(ResourceNotificationService notifications, ResourceLoggerService resourceLogs, HealthCheckService healthChecks,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<LivenessMonitor> logger) : RunModeSubscriber
{
    private readonly ConcurrentDictionary<string, (int Pid, CancellationTokenSource Stop)> _watches = new(StringComparer.Ordinal);

    protected override void BeforeStart(DistributedApplicationModel model)
    {
        Validate(model);
        var stopping = lifetime.ApplicationStopping; // also ends every watch (their tokens are linked to it)
        _ = WatchAsync(notifications, e =>
        {
            if (e.Resource.TryGetLastAnnotation<LivenessProbeAnnotation>(out var probe))
            {
                OnEvent(e, probe, stopping);
            }

            return Task.CompletedTask;
        }, logger, "The liveness probes stopped; hung resources will not be restarted.", stopping);
    }

    /// <summary>Throws <see cref="DistributedApplicationException"/> for a probed resource without a health check or restart policy.</summary>
    internal static void Validate(DistributedApplicationModel model)
    {
        foreach (var resource in model.Resources.Where(r => r.HasAnnotationOfType<LivenessProbeAnnotation>()))
        {
            var probesHealthChecks = resource.Annotations.OfType<LivenessProbeAnnotation>().Last().HealthCheckKey is null;
            if (probesHealthChecks && !resource.HasAnnotationOfType<HealthCheckAnnotation>())
            {
                throw new DistributedApplicationException(
                    $"'{resource.Name}' has a liveness probe but no health check to probe. Add one before WithLivenessProbe, " +
                    "e.g. .WithHttpHealthCheck(\"/health\").WithLivenessProbe(), give the probe a path, e.g. .WithLivenessProbe(\"/alive\"), or remove WithLivenessProbe.");
            }

            if (!resource.HasAnnotationOfType<RestartPolicyAnnotation>())
            {
                throw new DistributedApplicationException(
                    $"'{resource.Name}' has a liveness probe but no restart policy: a process killed by the probe would stay down. " +
                    "Add one, e.g. .WithRestartPolicy().WithLivenessProbe().");
            }
        }
    }

    private void OnEvent(ResourceEvent e, LivenessProbeAnnotation probe, CancellationToken stopping)
    {
        var pid = e.Snapshot.State?.Text == KnownResourceStates.Running ? Pid(e) : 0;
        if (_watches.TryGetValue(e.ResourceId, out var current) && current.Pid == pid)
        {
            return; // the same process, another update (health reports, properties)
        }

        if (_watches.TryRemove(e.ResourceId, out var ended))
        {
            ended.Stop.Cancel();
            ended.Stop.Dispose();
        }

        if (pid <= 0)
        {
            return; // not running
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _watches[e.ResourceId] = (pid, stop);
        var keys = (probe.HealthCheckKey is { } key ? [key] : e.Resource.Annotations.OfType<HealthCheckAnnotation>().Select(a => a.Key))
            .ToHashSet(StringComparer.Ordinal);
        Func<int?>? module = e.Resource.HasAnnotationOfType<PythonAppResourceBuilderExtensions.ModuleReloadAnnotation>() ? () => ModuleOf(pid) : null;
        var watch = new LivenessWatch(probe, ct => CheckAsync(keys, ct), reason => Kill(e.ResourceId, pid, reason), time, module);
        _ = Task.Run(() => watch.RunAsync(stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// The process the probe judges under the reload launcher <paramref name="launcher"/>: its child (the first, as
    /// <see cref="ProcessTree"/> lists children before grandchildren), another after a reload; null while it has none,
    /// waiting for a change (not hung, not probed); the launcher itself when it has no child and is stopped (SIGSTOP,
    /// a debugger): it cannot start one, so it is probed, and killed as any hung process.
    /// </summary>
    internal static int? ModuleOf(int launcher) => ProcessTree.Of(launcher).Alive() switch
    {
        [_, var child, ..] => child,
        [_] when ProcessTree.IsStopped(launcher) => launcher,
        _ => null,
    };

    private async Task<string?> CheckAsync(IReadOnlySet<string> keys, CancellationToken cancellationToken)
        => Failure(await healthChecks.CheckHealthAsync(r => keys.Contains(r.Name), cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// One probe's outcome for <see cref="LivenessWatch"/>: null (alive) unless an entry is Unhealthy, else the Unhealthy
    /// entries, e.g. <c>strategy_heartbeat: Unhealthy (no heartbeat at 'strategy:heartbeat' in Redis)</c>. Degraded is alive,
    /// as ASP.NET Core's health endpoint answers 200 for it (what a Kubernetes probe counts as success): a check that cannot
    /// judge the process because a dependency is down, such as <c>WithRedisHeartbeatHealthCheck</c> while Redis is
    /// unreachable, reports Degraded, so the outage kills no process.
    /// </summary>
    internal static string? Failure(HealthReport report)
        => report.Status != HealthStatus.Unhealthy
            ? null
            : string.Join("; ", report.Entries.Where(x => x.Value.Status == HealthStatus.Unhealthy)
                .Select(x => $"{x.Key}: {x.Value.Status}{(x.Value.Description ?? x.Value.Exception?.Message) switch { null => "", var d => $" ({d})" }}"));

    private void Kill(string resourceId, int pid, string reason)
    {
        var killed = ProcessTree.Of(pid).KillAlive();
        var text = $"{reason}. Killed pid {pid} and its children ({string.Join(", ", killed)}); the restart policy starts it again as after a crash.";
        resourceLogs.GetLogger(resourceId).LogWarning("{Text}", text);
        logger.LogWarning("{Resource}: {Text}", resourceId, text);
    }
}
