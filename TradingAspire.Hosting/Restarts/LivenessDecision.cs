namespace Aspire.Hosting.ApplicationModel;

/// <summary>What <see cref="LivenessProbe.Decide"/> says about a running process.</summary>
public abstract record LivenessDecision
{
    private LivenessDecision()
    {
    }

    /// <summary>The last probe succeeded, or failures do not count yet (initial delay).</summary>
    public sealed record Alive : LivenessDecision
    {
        /// <summary>The one instance.</summary>
        public static Alive Instance { get; } = new();
    }

    /// <summary>The probes have failed for <paramref name="For"/> (counted after the initial delay), less than the threshold: wait.</summary>
    public sealed record Failing(TimeSpan For) : LivenessDecision;

    /// <summary>The probes have failed for <paramref name="For"/>, at least the threshold: kill the process tree, the restart policy restarts it.</summary>
    /// <param name="For">Failing time counted (after the initial delay).</param>
    /// <param name="Reason">Human text, e.g. <c>Liveness probe failed for 30 s (threshold 30 s)</c>.</param>
    public sealed record Kill(TimeSpan For, string Reason) : LivenessDecision;
}
