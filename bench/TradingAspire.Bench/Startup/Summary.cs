using System.Globalization;

namespace TradingAspire.Bench.Startup;

/// <summary>Median, minimum and maximum of a figure over runs.</summary>
internal static class Summary
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>"median (min–max)" with <paramref name="format"/>.</summary>
    public static string Of(IReadOnlyList<double> values, string format)
        => values.Count == 0
            ? "n/a"
            : string.Create(CultureInfo.InvariantCulture, $"{Median(values).ToString(format, CultureInfo.InvariantCulture)} ({values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)})");
}
