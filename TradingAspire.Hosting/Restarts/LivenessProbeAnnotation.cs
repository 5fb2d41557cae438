namespace Aspire.Hosting.ApplicationModel;

/// <summary>Marks a resource whose health checks are also a liveness probe (added by <c>WithLivenessProbe</c>).</summary>
/// <param name="probe">The validated probe.</param>
/// <param name="healthCheckKey">The health check the probe runs (an HTTP GET of its own); null: the resource's health checks.</param>
public sealed class LivenessProbeAnnotation(LivenessProbe probe, string? healthCheckKey = null) : IResourceAnnotation
{
    /// <summary>The health check the probe runs; null when it runs the resource's own health checks.</summary>
    public string? HealthCheckKey { get; } = healthCheckKey;

    /// <summary>The validated probe.</summary>
    public LivenessProbe Probe { get; } = probe ?? throw new ArgumentNullException(nameof(probe));
}
