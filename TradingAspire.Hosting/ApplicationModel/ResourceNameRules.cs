using System.Text.RegularExpressions;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Resource names become environment variable names, file names and URL segments, so they are restricted.</summary>
public static partial class ResourceNameRules
{
    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]{0,63}$")]
    private static partial Regex ValidName();

    /// <summary>Throws an <see cref="ArgumentException"/> with the expected form when the name is invalid.</summary>
    public static void ThrowIfInvalid(string name)
    {
        if (string.IsNullOrEmpty(name) || !ValidName().IsMatch(name) || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Invalid resource name '{name}'. Expected: a letter followed by up to 63 letters, digits or single hyphens, " +
                "not ending with a hyphen (example: 'trading-api').", nameof(name));
        }
    }
}
