namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Marks a resource whose health checks are also a liveness probe (<c>WithLivenessProbe</c>, as Kubernetes names it):
/// they run every <see cref="Period"/> while its process runs; failed for <see cref="FailureThreshold"/>, the process
/// tree is killed and the restart policy restarts it as after a crash.
/// </summary>
public sealed record LivenessProbeAnnotation : IResourceAnnotation
{
    /// <summary>Validates and creates a probe; the ranges are those of <c>WithLivenessProbe</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range; the message names it, its range and an example.</exception>
    public LivenessProbeAnnotation(TimeSpan initialDelay, TimeSpan period, TimeSpan timeout, TimeSpan failureThreshold, string? healthCheckKey = null)
    {
        InitialDelay = initialDelay >= TimeSpan.Zero ? initialDelay : throw Invalid(nameof(initialDelay), initialDelay, "0 or more", "TimeSpan.FromSeconds(30)");
        Period = period > TimeSpan.Zero ? period : throw Invalid(nameof(period), period, "greater than zero", "TimeSpan.FromSeconds(5)");
        Timeout = timeout > TimeSpan.Zero ? timeout : throw Invalid(nameof(timeout), timeout, "greater than zero", "TimeSpan.FromSeconds(5)");
        FailureThreshold = failureThreshold > TimeSpan.Zero
            ? failureThreshold
            : throw Invalid(nameof(failureThreshold), failureThreshold, "greater than zero", "TimeSpan.FromSeconds(30)");
        HealthCheckKey = healthCheckKey;
    }

    /// <summary>Time after the process is seen Running during which failed probes do not count (start-up).</summary>
    public TimeSpan InitialDelay { get; }

    /// <summary>Time between two probes.</summary>
    public TimeSpan Period { get; }

    /// <summary>Bound of one probe; a probe still running then has failed (a stopped or deadlocked process).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Failing time (no success in between) after which the process is killed.</summary>
    public TimeSpan FailureThreshold { get; }

    /// <summary>The health check the probe runs (its own HTTP GET); null when it runs the resource's health checks.</summary>
    public string? HealthCheckKey { get; }

    /// <summary>
    /// The failing time that counts: from <paramref name="failingSince"/> (the first failure after the last success; null
    /// when the last probe succeeded) or <see cref="InitialDelay"/> after <paramref name="runningSince"/>, whichever is
    /// later, to <paramref name="now"/>; zero or less means alive.
    /// </summary>
    internal TimeSpan FailingFor(DateTimeOffset runningSince, DateTimeOffset? failingSince, DateTimeOffset now)
        => failingSince is { } since ? now - (since > runningSince + InitialDelay ? since : runningSince + InitialDelay) : TimeSpan.Zero;

    private static ArgumentOutOfRangeException Invalid(string parameter, TimeSpan value, string expected, string example)
        => new(parameter, $"WithLivenessProbe: {parameter} is {value}; expected {expected}. Example: .WithLivenessProbe({parameter}: {example}).");
}
