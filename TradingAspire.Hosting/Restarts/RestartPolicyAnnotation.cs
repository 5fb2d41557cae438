using System.Globalization;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Marks a resource that is started again after an unexpected exit (<c>WithRestartPolicy</c>): after
/// <see cref="InitialDelay"/>, doubling per earlier exit within <see cref="Window"/>, capped at <see cref="MaxDelay"/>;
/// more than <see cref="MaxRestarts"/> exits within <see cref="Window"/> leave it down.
/// </summary>
public sealed record RestartPolicyAnnotation : IResourceAnnotation
{
    /// <summary>Validates and creates a policy; the ranges are those of <c>WithRestartPolicy</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range; the message names it, its range and an example.</exception>
    public RestartPolicyAnnotation(int maxRestarts, TimeSpan window, TimeSpan initialDelay, TimeSpan maxDelay)
    {
        MaxRestarts = maxRestarts >= 0 ? maxRestarts : throw Invalid(nameof(maxRestarts), maxRestarts.ToString(CultureInfo.InvariantCulture),
            "0 or more (0 = never restart, only report the crash)", "3");
        Window = window > TimeSpan.Zero ? window : throw Invalid(nameof(window), window.ToString(), "greater than zero", "TimeSpan.FromMinutes(5)");
        InitialDelay = initialDelay > TimeSpan.Zero ? initialDelay
            : throw Invalid(nameof(initialDelay), initialDelay.ToString(), $"greater than zero and at most maxDelay ({maxDelay})", "TimeSpan.FromSeconds(1)");
        MaxDelay = maxDelay >= initialDelay ? maxDelay
            : throw Invalid(nameof(maxDelay), maxDelay.ToString(), $"at least initialDelay ({initialDelay})", "TimeSpan.FromSeconds(30)");
    }

    /// <summary>Restarts allowed within <see cref="Window"/> (0 or more).</summary>
    public int MaxRestarts { get; }

    /// <summary>Sliding window in which unexpected exits are counted.</summary>
    public TimeSpan Window { get; }

    /// <summary>Wait before the first restart within the window.</summary>
    public TimeSpan InitialDelay { get; }

    /// <summary>Cap of the doubling wait.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>
    /// Exit codes after which the resource is left down at once (systemd's <c>RestartPreventExitStatus</c>): codes that
    /// mean a restart would fail the same way, such as 2 for a configuration error in this repository's services.
    /// </summary>
    public IReadOnlyList<int> PreventRestartExitCodes { get; init; } = [];

    /// <summary>Equal when every setting is, the exit codes compared in order (a record compares a list by reference).</summary>
    public bool Equals(RestartPolicyAnnotation? other) => other is not null
        && (MaxRestarts, Window, InitialDelay, MaxDelay) == (other.MaxRestarts, other.Window, other.InitialDelay, other.MaxDelay)
        && PreventRestartExitCodes.SequenceEqual(other.PreventRestartExitCodes);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(MaxRestarts, Window, InitialDelay, MaxDelay, PreventRestartExitCodes.Count);

    /// <summary>
    /// What to do after an unexpected exit, given the exit times (any order, this one included; those a <see cref="Window"/>
    /// or more before <paramref name="now"/> ignored): the exits in the window (at least 1; also the number of this
    /// restart) and the wait, initial delay × 2^(exits−1) capped, or null when more than <see cref="MaxRestarts"/> leave it down
    /// or <paramref name="exitCode"/> is one of <see cref="PreventRestartExitCodes"/>.
    /// </summary>
    internal (int Exits, TimeSpan? Delay) Decide(IReadOnlyCollection<DateTimeOffset> exits, DateTimeOffset now, int? exitCode = null)
    {
        var inWindow = Math.Max(1, exits.Count(t => t <= now && now - t < Window));
        var doubled = InitialDelay.Ticks * Math.Pow(2, inWindow - 1); // a double: no overflow, exact for powers of two
        return (inWindow, inWindow > MaxRestarts || PreventsRestart(exitCode) ? null
            : doubled < MaxDelay.Ticks ? TimeSpan.FromTicks((long)doubled) : MaxDelay);
    }

    /// <summary>
    /// The state text when <see cref="Decide"/> leaves it down: <c>Exited with code 2: not restarted, a restart would fail
    /// the same way</c> for an exit code of <see cref="PreventRestartExitCodes"/>, else <c>Crashed 4 times in 5 min: not restarted</c>.
    /// </summary>
    internal string GaveUpReason(int exits, int? exitCode = null) => PreventsRestart(exitCode)
        ? $"Exited with code {exitCode}: not restarted, a restart would fail the same way"
        : $"Crashed {exits} {(exits == 1 ? "time" : "times")} in {DurationText.Format(Window)}: not restarted";

    private bool PreventsRestart(int? exitCode) => exitCode is { } code && PreventRestartExitCodes.Contains(code);

    private static ArgumentOutOfRangeException Invalid(string parameter, string value, string expected, string example)
        => new(parameter, $"WithRestartPolicy: {parameter} is {value}; expected {expected}. Example: .WithRestartPolicy({parameter}: {example}).");
}
