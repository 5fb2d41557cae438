using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;
using TradingAspire.Gateway.Orders;

namespace TradingAspire.Gateway;

/// <summary>
/// Checks the <c>Gateway</c> section of configuration as it is written, before the host is built: every setting of
/// <see cref="GatewayOptions"/> and of each symbol's <see cref="InstrumentOptions"/> is converted as the configuration
/// binder converts it (<see cref="TypeDescriptor"/>, invariant culture) and then checked against its validation
/// attributes, and each symbol name against <see cref="OrderFieldDomain.SymbolPattern"/> (a bad name is its symbol's one failure). Each failure is one sentence
/// naming the key, the value, the expected form and an example (<see cref="SettingAttribute"/>), e.g.
/// <c>Gateway:ClientOrderIdWindow is '15min': expected a time span hh:mm:ss or d.hh:mm:ss from 00:00:01 to 1.00:00:00
/// (00:15:00 is 15 minutes); example: Gateway__ClientOrderIdWindow=00:15:00.</c>
/// </summary>
public static class GatewayOptionsCheck
{
    /// <summary>Every failure of the <c>Gateway</c> section of <paramref name="configuration"/>, the options' settings in declaration order, then each symbol's; none when it is valid. An empty value is a failure, not "unset".</summary>
    public static IReadOnlyList<string> Failures(IConfiguration configuration)
    {
        var section = configuration.GetSection(GatewayOptions.SectionName);
        var defaults = new GatewayOptions();
        var failures = Check(defaults, section).ToList();
        foreach (var symbol in section.GetSection(nameof(GatewayOptions.Symbols)).GetChildren())
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(symbol.Key, OrderFieldDomain.SymbolPattern))
            {
                failures.Add($"{symbol.Path} names the symbol '{symbol.Key}': expected 2-20 capital letters or digits; " +
                             $"example: {EnvironmentKey($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Symbols)}:DOGEUSDT:{nameof(InstrumentOptions.StartPrice)}")}=0.12.");
            }
            else
            {
                failures.AddRange(Check(defaults.Symbols.GetValueOrDefault(symbol.Key) ?? new InstrumentOptions(), symbol));
            }
        }

        return failures;
    }

    /// <summary>Throws when <see cref="Failures"/> finds any: before the host is built, so before any connection is opened.</summary>
    /// <exception cref="OptionsValidationException">Its <see cref="OptionsValidationException.Failures"/> are the failures, one sentence each.</exception>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        if (Failures(configuration) is { Count: > 0 } failures)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), failures);
        }
    }

    // Each property with a [Setting]: its text in the section converted, else its default, checked by its attributes.
    private static IEnumerable<string> Check(object defaults, IConfigurationSection section)
    {
        foreach (var property in defaults.GetType().GetProperties())
        {
            if (property.GetCustomAttribute<SettingAttribute>() is not { } setting)
            {
                continue;
            }

            var text = section[property.Name];
            var key = $"{section.Path}:{property.Name}";
            var valid = TryConvert(text, property.PropertyType, out var value) || text is null;
            value = text is null ? property.GetValue(defaults) : value;
            var context = new ValidationContext(defaults) { MemberName = property.Name };
            if (!valid || property.GetCustomAttributes<ValidationAttribute>().Any(attribute => attribute.GetValidationResult(value, context) is not null))
            {
                yield return $"{key} is {(text is null ? "not set" : $"'{text}'")}: expected {setting.Form}; example: {EnvironmentKey(key)}={setting.Example}.";
            }
        }
    }

    // As ConfigurationBinder converts a value: empty is null for a nullable type, otherwise the type's converter with the
    // invariant culture.
    private static bool TryConvert(string? text, Type type, out object? value)
    {
        value = null;
        if (text is null)
        {
            return false;
        }

        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null && text.Length == 0)
        {
            return true;
        }

        try
        {
            value = TypeDescriptor.GetConverter(underlying ?? type).ConvertFromInvariantString(text);
            return true;
        }
        catch (Exception error) when (error is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    private static string EnvironmentKey(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
