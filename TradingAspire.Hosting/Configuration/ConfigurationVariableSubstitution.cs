using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace TradingAspire.Hosting.Configuration;

/// <summary>Replaces <c>${VAR}</c> in configuration values with environment variables (DESIGN.md §7).</summary>
public static partial class ConfigurationVariableSubstitution
{
    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();

    /// <summary>Substitutes every value in place; returns one message per unresolved variable.</summary>
    public static IReadOnlyList<string> Apply(IConfiguration configuration, Func<string, string?> lookup)
    {
        var errors = new List<string>();
        foreach (var (key, value) in configuration.AsEnumerable().ToList())
        {
            if (value is null || !value.Contains("${", StringComparison.Ordinal))
            {
                continue;
            }

            var substituted = Variable().Replace(value, match =>
            {
                var name = match.Groups[1].Value;
                var resolved = lookup(name);
                if (resolved is null)
                {
                    errors.Add($"Configuration '{key}' = '{value}' refers to ${{{name}}}, which is not set. " +
                               $"Set {name} in the environment or in .env (example: {name}=value), or write the value directly.");
                    return match.Value;
                }

                return resolved;
            });
            if (substituted != value)
            {
                configuration[key] = substituted;
            }
        }

        return errors;
    }
}
