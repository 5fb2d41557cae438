using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Restarts;

/// <summary>Marks a resource whose health checks are also a liveness probe (added by <c>WithLivenessProbe</c>).</summary>
/// <param name="probe">The validated probe.</param>
public sealed class LivenessProbeAnnotation(LivenessProbe probe) : IResourceAnnotation
{
    /// <summary>The validated probe.</summary>
    public LivenessProbe Probe { get; } = probe ?? throw new ArgumentNullException(nameof(probe));
}
