using System.Globalization;
using System.Text.RegularExpressions;

namespace TradingAspire.Bench.Soak;

/// <summary>The soak's options: <c>--duration 10m</c> (or <c>90s</c>; default 10 minutes) and <c>--rate 50</c> (trades per second; default 50).</summary>
internal static partial class SoakOptions
{
    /// <summary>Reads <paramref name="options"/>; on bad input returns false with a message naming the option, the value, the expected form and an example.</summary>
    public static bool TryParse(IReadOnlyList<string> options, out TimeSpan duration, out double rate, out string error)
    {
        duration = TimeSpan.FromMinutes(10);
        rate = 50;
        error = "";
        for (var i = 0; i < options.Count; i += 2)
        {
            var value = i + 1 < options.Count ? options[i + 1] : "";
            switch (options[i])
            {
                case "--duration" when DurationForm().Match(value) is { Success: true } match:
                    var amount = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                    duration = match.Groups[2].Value == "m" ? TimeSpan.FromMinutes(amount) : TimeSpan.FromSeconds(amount);
                    if (duration < TimeSpan.FromSeconds(30) || duration > TimeSpan.FromHours(2))
                    {
                        error = $"--duration must be from 30s to 120m, got '{value}'. Example: soak --duration 2m.";
                        return false;
                    }

                    break;
                case "--duration":
                    error = $"--duration must be a whole number of minutes or seconds such as 10m or 90s, got '{value}'. Example: soak --duration 2m.";
                    return false;
                case "--rate" when double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var perSecond) && perSecond is >= 1 and <= 1000:
                    rate = perSecond;
                    break;
                case "--rate":
                    error = $"--rate must be trades per second from 1 to 1000, got '{value}'. Example: soak --rate 50.";
                    return false;
                default:
                    error = $"Unknown soak option '{options[i]}'. Expected --duration and --rate. Example: soak --duration 2m --rate 50.";
                    return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^([0-9]{1,5})(m|s)$")]
    private static partial Regex DurationForm();
}
