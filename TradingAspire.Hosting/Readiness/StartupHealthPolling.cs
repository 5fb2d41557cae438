namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// How often and how long a resource's health check is re-run inside one of Aspire's runs until the resource has first
/// been healthy (<see cref="StartupHealthPollingBuilderExtensions.AddStartupHealthPolling"/>).
/// </summary>
/// <param name="Interval">Time between two runs of the check; greater than zero.</param>
/// <param name="Window">Longest time one of Aspire's runs is held before an unhealthy result is returned; at least <paramref name="Interval"/>.</param>
public sealed record StartupHealthPolling(TimeSpan Interval, TimeSpan Window)
{
    /// <summary>Every 100 ms for up to 5 s: Aspire's own wait between unhealthy runs grows by 1 s per run up to 5 s.</summary>
    public static StartupHealthPolling Default { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
}
