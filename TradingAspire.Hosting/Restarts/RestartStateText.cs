namespace TradingAspire.Hosting;

/// <summary>The state texts the restart supervisor shows in the dashboard, and how to recognise them.</summary>
internal static class RestartStateText
{
    private const string PendingPrefix = "Restarting in ";
    private const string GaveUpPrefix = "Crashed ";
    private const string FailedPrefix = "Restart failed: ";

    /// <summary><c>Restarting in 2 s (restart 2 of 3)</c>.</summary>
    public static string Pending(RestartDecision.Restart restart)
        => $"{PendingPrefix}{DurationText.Format(restart.Delay)} (restart {restart.Attempt} of {restart.MaxRestarts})";

    /// <summary><c>Crashed 4 times in 5 min: not restarted (start it from the dashboard or `aspire resource api start`)</c>.</summary>
    public static string GaveUp(RestartDecision.GiveUp giveUp, string resourceName) => giveUp.Reason + Hint(resourceName);

    /// <summary><c>Restart failed: MESSAGE (start it from …)</c>.</summary>
    public static string Failed(string message, string resourceName) => FailedPrefix + message + Hint(resourceName);

    public static bool IsPending(string? state) => state?.StartsWith(PendingPrefix, StringComparison.Ordinal) == true;

    public static bool IsGaveUp(string? state) => state is not null
        && (state.StartsWith(FailedPrefix, StringComparison.Ordinal)
            || (state.StartsWith(GaveUpPrefix, StringComparison.Ordinal) && state.Contains(": not restarted", StringComparison.Ordinal)));

    /// <summary>Whether <paramref name="state"/> is one of ours (the resource is down: Start enabled).</summary>
    public static bool IsOurs(string? state) => IsPending(state) || IsGaveUp(state);

    /// <summary>Whether Aspire/DCP reports the process as ended.</summary>
    public static bool IsTerminal(string? state) => state is not null && KnownResourceStates.TerminalStates.Contains(state);

    private static string Hint(string resourceName) => $" (start it from the dashboard or `aspire resource {resourceName} start`)";
}
