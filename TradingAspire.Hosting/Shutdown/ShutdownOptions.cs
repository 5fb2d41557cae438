using System.Globalization;

namespace TradingAspire.Hosting;

/// <summary>
/// The <c>Shutdown</c> section, as <c>hh:mm:ss</c>: <paramref name="Timeout"/> (1 s to 5 min) bounds the whole ordered
/// stop; <paramref name="GracePeriod"/> (100 ms up to the timeout) is how long one resource may take to end before its
/// process tree is killed. Example: <c>{ "Shutdown": { "Timeout": "00:00:30", "GracePeriod": "00:00:10" } }</c>.
/// </summary>
internal sealed record ShutdownOptions(TimeSpan Timeout, TimeSpan GracePeriod)
{
    public static readonly ShutdownOptions Default = new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5));

    /// <exception cref="DistributedApplicationException">A value is not a TimeSpan or out of range; the message names the key,
    /// the value, the expected form and an example.</exception>
    public static ShutdownOptions From(IConfiguration configuration)
    {
        var timeout = Read(configuration, "Shutdown:Timeout", Default.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), "00:00:30");
        var grace = Read(configuration, "Shutdown:GracePeriod", Default.GracePeriod, TimeSpan.FromMilliseconds(100), timeout, "00:00:10");
        return new ShutdownOptions(timeout, grace);
    }

    private static TimeSpan Read(IConfiguration configuration, string key, TimeSpan fallback, TimeSpan min, TimeSpan max, string example)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback > max ? max : fallback;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        throw new DistributedApplicationException(
            $"Configuration '{key}' = '{text}' is not valid: expected a duration hh:mm:ss from {min:c} to {max:c} " +
            $"(e.g. \"{example}\" in appsettings.json, or the environment variable {key.Replace(":", "__", StringComparison.Ordinal)}={example}).");
    }
}
