using System.Globalization;
using System.Text.RegularExpressions;

namespace TradingAspire.Hosting;

/// <summary>
/// Console lines from DCP start with the time the process wrote them (RFC 3339, up to nanoseconds:
/// <c>2026-11-29T11:57:50.412345678Z text</c>); lines logged by the AppHost itself may not.
/// </summary>
internal static partial class ConsoleLineTimestamp
{
    /// <summary>The line's own timestamp and the text after it; <paramref name="fallback"/> and the whole line when it has none.</summary>
    public static (DateTimeOffset Timestamp, string Text) Split(string content, DateTimeOffset fallback)
    {
        var match = Leading().Match(content);
        if (!match.Success)
        {
            return (fallback, content);
        }

        var fraction = match.Groups["fraction"].Value;
        var text = $"{match.Groups["seconds"].Value}{(fraction.Length > 8 ? fraction[..8] : fraction)}{match.Groups["zone"].Value}"; // .NET reads 7 digits
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp)
            ? (timestamp, content[match.Length..])
            : (fallback, content);
    }

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?<fraction>\.\d+)?(?<zone>Z|[+-]\d{2}:\d{2}) ")]
    private static partial Regex Leading();
}
