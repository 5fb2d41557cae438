using System.Globalization;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// When a resource that exited unexpectedly is started again: after <see cref="InitialDelay"/>, doubling per earlier
/// exit within <see cref="Window"/>, capped at <see cref="MaxDelay"/>; more than <see cref="MaxRestarts"/> exits within
/// <see cref="Window"/> leave it down.
/// </summary>
public sealed record RestartPolicy
{
    /// <summary>The defaults of <c>WithRestartPolicy()</c>: 3 restarts within 5 min, 1 s doubling up to 30 s.</summary>
    public static RestartPolicy Default { get; } = new(3, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>Validates and creates a policy.</summary>
    /// <param name="maxRestarts">Restarts allowed within <paramref name="window"/>; 0 or more (0: never restart, only report).</param>
    /// <param name="window">Sliding window the exits are counted in; greater than zero.</param>
    /// <param name="initialDelay">Wait before the first restart in the window; greater than zero, at most <paramref name="maxDelay"/>.</param>
    /// <param name="maxDelay">Cap of the doubling wait; at least <paramref name="initialDelay"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range; the message names the parameter, the value, the range and an example.</exception>
    public RestartPolicy(int maxRestarts, TimeSpan window, TimeSpan initialDelay, TimeSpan maxDelay)
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

    /// <summary>Decides what to do after an unexpected exit, as a pure function of the exit times and the current time.</summary>
    /// <param name="exits">Times of the resource's unexpected exits, the one being decided included (UTC, any order);
    /// those older than <see cref="Window"/> before <paramref name="now"/> are ignored.</param>
    /// <param name="now">The current time (from the caller's <see cref="TimeProvider"/>).</param>
    /// <returns><see cref="RestartDecision.Restart"/> with the delay (initial delay × 2^(attempt−1), capped) when at most
    /// <see cref="MaxRestarts"/> exits fall in the window, else <see cref="RestartDecision.GiveUp"/>.</returns>
    public RestartDecision Decide(IReadOnlyCollection<DateTimeOffset> exits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(exits);
        var inWindow = Math.Max(1, exits.Count(t => t <= now && now - t < Window));
        if (inWindow > MaxRestarts)
        {
            return new RestartDecision.GiveUp(inWindow, Window,
                $"Crashed {inWindow} {(inWindow == 1 ? "time" : "times")} in {DurationText.Format(Window)}: not restarted");
        }

        var delay = InitialDelay;
        for (var attempt = 1; attempt < inWindow && delay < MaxDelay; attempt++)
        {
            delay += delay;
        }

        return new RestartDecision.Restart(delay < MaxDelay ? delay : MaxDelay, inWindow, MaxRestarts);
    }

    private static ArgumentOutOfRangeException Invalid(string parameter, string value, string expected, string example)
        => new(parameter, $"WithRestartPolicy: {parameter} is {value}; expected {expected}. Example: .WithRestartPolicy({parameter}: {example}).");
}
