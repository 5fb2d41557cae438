namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A liveness probe, as process-compose and Kubernetes name it: the resource's health checks run every
/// <see cref="Period"/> (each bounded by <see cref="Timeout"/>) while its process runs; when they have failed for
/// <see cref="FailureThreshold"/> — counted from <see cref="InitialDelay"/> after the process started at the
/// earliest — the process tree is killed and the restart policy restarts it as after a crash (same backoff, same
/// limit, same <c>restart.count</c>).
/// </summary>
public sealed record LivenessProbe
{
    /// <summary>The defaults of <c>WithLivenessProbe()</c>: 30 s initial delay, a probe every 5 s bounded by 5 s, killed after 30 s of failures.</summary>
    public static LivenessProbe Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    /// <summary>Validates and creates a probe.</summary>
    /// <param name="initialDelay">Time after the process is seen Running during which failures do not count (start-up); 0 or more.</param>
    /// <param name="period">Time between two probes; greater than zero.</param>
    /// <param name="timeout">Bound of one probe: a probe that has not answered by then has failed (a stopped or deadlocked process); greater than zero.</param>
    /// <param name="failureThreshold">How long the probes must fail without a success in between before the process is killed; greater than zero.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range; the message names the parameter, the value, the range and an example.</exception>
    public LivenessProbe(TimeSpan initialDelay, TimeSpan period, TimeSpan timeout, TimeSpan failureThreshold)
    {
        InitialDelay = initialDelay >= TimeSpan.Zero ? initialDelay : throw Invalid(nameof(initialDelay), initialDelay, "0 or more", "TimeSpan.FromSeconds(30)");
        Period = period > TimeSpan.Zero ? period : throw Invalid(nameof(period), period, "greater than zero", "TimeSpan.FromSeconds(5)");
        Timeout = timeout > TimeSpan.Zero ? timeout : throw Invalid(nameof(timeout), timeout, "greater than zero", "TimeSpan.FromSeconds(5)");
        FailureThreshold = failureThreshold > TimeSpan.Zero
            ? failureThreshold
            : throw Invalid(nameof(failureThreshold), failureThreshold, "greater than zero", "TimeSpan.FromSeconds(30)");
    }

    /// <summary>Time after the process is seen Running during which failed probes do not count.</summary>
    public TimeSpan InitialDelay { get; }

    /// <summary>Time between two probes.</summary>
    public TimeSpan Period { get; }

    /// <summary>Bound of one probe; a probe still running then has failed.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Failing time (no success in between) after which the process is killed.</summary>
    public TimeSpan FailureThreshold { get; }

    /// <summary>Decides, as a pure function of three times, whether the process has failed its liveness probe.</summary>
    /// <param name="runningSince">When the process was seen Running (UTC).</param>
    /// <param name="failingSince">When the first failed probe after the last successful one finished; null when the last probe succeeded or none ran.</param>
    /// <param name="now">The current time (from the caller's <see cref="TimeProvider"/>).</param>
    /// <returns><see cref="LivenessDecision.Alive"/>, <see cref="LivenessDecision.Failing"/> with the failing time counted so far, or
    /// <see cref="LivenessDecision.Kill"/> with the reason.</returns>
    public LivenessDecision Decide(DateTimeOffset runningSince, DateTimeOffset? failingSince, DateTimeOffset now)
    {
        var counted = runningSince + InitialDelay;
        var failing = failingSince is { } since ? now - (since > counted ? since : counted) : TimeSpan.Zero;
        return failing <= TimeSpan.Zero ? LivenessDecision.Alive.Instance
            : failing < FailureThreshold ? new LivenessDecision.Failing(failing)
            : new LivenessDecision.Kill(failing, $"Liveness probe failed for {DurationText.Format(failing)} (threshold {DurationText.Format(FailureThreshold)})");
    }

    private static ArgumentOutOfRangeException Invalid(string parameter, TimeSpan value, string expected, string example)
        => new(parameter, $"WithLivenessProbe: {parameter} is {value}; expected {expected}. Example: .WithLivenessProbe({parameter}: {example}).");
}
