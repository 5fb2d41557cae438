using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace TradingAspire.Hosting;

/// <summary>
/// Configuration of the ordered shutdown (section <c>Shutdown</c>), in .NET's TimeSpan form <c>hh:mm:ss</c>:
/// <c>Shutdown:Timeout</c> (default 00:00:20) bounds the whole ordered stop; <c>Shutdown:GracePeriod</c>
/// (default 00:00:05) is how long one resource may take to end after its stop request before its process tree is
/// killed. Example (appsettings.json): <c>{ "Shutdown": { "Timeout": "00:00:30", "GracePeriod": "00:00:10" } }</c>.
/// </summary>
/// <param name="Timeout">Bound of the whole ordered stop; 1 s to 5 min.</param>
/// <param name="GracePeriod">Time a resource gets to end after its stop request; 100 ms up to <paramref name="Timeout"/>.</param>
internal sealed record ShutdownOptions(TimeSpan Timeout, TimeSpan GracePeriod)
{
    /// <summary>20 s in all, 5 s per resource.</summary>
    public static readonly ShutdownOptions Default = new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5));

    /// <summary>Reads and validates the <c>Shutdown</c> section.</summary>
    /// <exception cref="DistributedApplicationException">A value is not a TimeSpan or out of range; the message names the key, the value, the expected form and an example.</exception>
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
