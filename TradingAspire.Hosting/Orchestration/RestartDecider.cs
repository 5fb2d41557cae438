using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>The restart rule as a pure function, so it can be tested with a table of cases.</summary>
public static class RestartDecider
{
    /// <summary>
    /// Decides what to do after an exit. <paramref name="recentRestarts"/> are the times of earlier automatic restarts;
    /// only those within the policy window count toward the limit and the backoff.
    /// </summary>
    public static RestartDecision Decide(
        RestartPolicy policy, int exitCode, bool stopRequested, IReadOnlyCollection<DateTimeOffset> recentRestarts, DateTimeOffset now)
    {
        if (stopRequested)
        {
            return new(RestartAction.Exit, TimeSpan.Zero, "stopped on request");
        }

        if (exitCode == 0 && policy.Mode != RestartMode.Always)
        {
            return new(RestartAction.Finish, TimeSpan.Zero, "exited with code 0");
        }

        if (policy.Mode == RestartMode.Never)
        {
            return new(RestartAction.Exit, TimeSpan.Zero, $"exited with code {exitCode}; restart policy is Never");
        }

        var inWindow = recentRestarts.Count(t => now - t < policy.Window);
        if (inWindow >= policy.MaxRestarts)
        {
            return new(RestartAction.GiveUp, TimeSpan.Zero,
                $"exited with code {exitCode} after {inWindow} restart(s) within {Format(policy.Window)}; the limit is {policy.MaxRestarts}");
        }

        var delay = BackoffSchedule.Delay(policy, inWindow);
        return new(RestartAction.Restart, delay,
            $"exited with code {exitCode}; restart {inWindow + 1} of {policy.MaxRestarts} in {Format(delay)}");
    }

    private static string Format(TimeSpan span) => span.TotalMinutes >= 1 && span.Seconds == 0
        ? $"{span.TotalMinutes:0.#} min"
        : $"{span.TotalSeconds:0.#} s";
}
