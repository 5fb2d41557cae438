using System.Globalization;

namespace TradingAspire.Hosting;

/// <summary>Short human text for a duration in state texts and log lines: <c>250 ms</c>, <c>2 s</c>, <c>1.5 s</c>, <c>5 min</c>, <c>2 h</c>.</summary>
internal static class DurationText
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0} ms");
        }

        if (span < TimeSpan.FromMinutes(1) || span.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###} s");
        }

        return span < TimeSpan.FromHours(1) || span.Ticks % TimeSpan.TicksPerHour != 0
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0} h");
    }
}
