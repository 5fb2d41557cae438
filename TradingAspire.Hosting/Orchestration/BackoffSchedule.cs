using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>Exponential backoff with a cap: initial, 2×initial, 4×initial ... up to the maximum.</summary>
public static class BackoffSchedule
{
    /// <summary>The delay before restart number <paramref name="attempt"/> (0-based).</summary>
    public static TimeSpan Delay(RestartPolicy policy, int attempt) => Delay(policy.InitialBackoff, policy.MaxBackoff, attempt);

    /// <summary>The delay before attempt <paramref name="attempt"/> (0-based) for the given bounds.</summary>
    public static TimeSpan Delay(TimeSpan initial, TimeSpan max, int attempt)
    {
        // Cap the exponent so the multiplication cannot overflow for large attempt counts.
        var factor = Math.Pow(2, Math.Min(attempt, 30));
        var ticks = Math.Min(initial.Ticks * factor, max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
