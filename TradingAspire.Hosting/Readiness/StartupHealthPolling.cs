namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// How often (<paramref name="Interval"/>, greater than zero) and for how long at most (<paramref name="Window"/>, at least the
/// interval) one of Aspire's health check runs re-runs the check until the resource is healthy after each of its starts (<c>AddStartupHealthPolling</c>).
/// </summary>
public sealed record StartupHealthPolling(TimeSpan Interval, TimeSpan Window)
{
    /// <summary>Every 100 ms for up to 5 s: Aspire's own wait between unhealthy runs grows by 1 s per run up to 5 s.</summary>
    public static StartupHealthPolling Default { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
}
