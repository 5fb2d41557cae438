using static System.FormattableString;

namespace TradingAspire.Hosting;

/// <summary>Short human text for a duration in state texts and log lines: <c>250 ms</c>, <c>2 s</c>, <c>1.5 s</c>, <c>5 min</c>, <c>2 h</c>.</summary>
internal static class DurationText
{
    public static string Format(TimeSpan span)
        => span < TimeSpan.FromSeconds(1) ? Invariant($"{span.TotalMilliseconds:0} ms")
            : span < TimeSpan.FromMinutes(1) || span.Ticks % TimeSpan.TicksPerMinute != 0 ? Invariant($"{span.TotalSeconds:0.###} s")
            : span < TimeSpan.FromHours(1) || span.Ticks % TimeSpan.TicksPerHour != 0 ? Invariant($"{span.TotalMinutes:0} min")
            : Invariant($"{span.TotalHours:0} h");
}
