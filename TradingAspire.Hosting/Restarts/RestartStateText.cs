namespace TradingAspire.Hosting;

/// <summary>
/// The state texts the restart policy shows in the dashboard and how it recognises them: pending (<c>Restarting in 200 ms
/// (restart 1 of 3)</c>, <c>Waiting for 'redis' to run again (restart 1 of 3)</c>) and left down (<c>Crashed 4 times in
/// 5 min: not restarted …</c>, <c>Exited with code 2: not restarted …</c>, <c>Restart failed: …</c>). While one shows,
/// the resource is down.
/// </summary>
internal static class RestartStateText
{
    private const string PendingPrefix = "Restarting in ", WaitingPrefix = "Waiting for '", GaveUpPrefix = "Crashed ",
        PreventedPrefix = "Exited with code ", FailedPrefix = "Restart failed: ";

    /// <summary><c>Restarting in 200 ms (restart 1 of 3)</c>: the restart's delay runs.</summary>
    public static string Pending(TimeSpan delay, int restart, int maxRestarts) => $"{PendingPrefix}{DurationText.Format(delay)} (restart {restart} of {maxRestarts})";

    /// <summary><c>Waiting for 'redis' to run again (restart 1 of 3)</c>: the delay is over, a dependency it waits for is down.</summary>
    public static string Waiting(string dependency, int restart, int maxRestarts) => $"{WaitingPrefix}{dependency}' to run again (restart {restart} of {maxRestarts})";

    /// <summary><c>Restart failed: … (start it …)</c>: the start command failed.</summary>
    public static string Failed(string? message, string resourceName) => Down(FailedPrefix + (message ?? "the start command failed"), resourceName);

    /// <summary>A left-down text: the reason, and how to start it again.</summary>
    public static string Down(string reason, string resourceName) => $"{reason} (start it from the dashboard or `aspire resource {resourceName} start`)";

    /// <summary>Whether a restart is pending: its delay runs, or it waits for a dependency.</summary>
    public static bool IsPending(string? state) => state is not null
        && (state.StartsWith(PendingPrefix, StringComparison.Ordinal) || state.StartsWith(WaitingPrefix, StringComparison.Ordinal));

    /// <summary>Whether it was left down: crashed too often, an exit code that prevents restarts, or the restart failed.</summary>
    public static bool IsGaveUp(string? state) => state is not null && (state.StartsWith(FailedPrefix, StringComparison.Ordinal)
        || ((state.StartsWith(GaveUpPrefix, StringComparison.Ordinal) || state.StartsWith(PreventedPrefix, StringComparison.Ordinal))
            && state.Contains(": not restarted", StringComparison.Ordinal)));

    /// <summary>Whether the state text is one of ours: the resource is down, Start is enabled.</summary>
    public static bool IsOurs(string? state) => IsPending(state) || IsGaveUp(state);
}
