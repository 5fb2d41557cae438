using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TradingAspire.Gateway.Orders;

namespace TradingAspire.Gateway;

/// <summary>
/// The one check of <see cref="GatewayOptions"/>: every setting with a <see cref="SettingAttribute"/>, of the options and of
/// each symbol's <see cref="InstrumentOptions"/>, against its validation attributes; each symbol name against
/// <see cref="OrderFieldDomain.SymbolPattern"/> (a bad name is its symbol's one failure); at least one symbol. Each failure
/// is one sentence naming the key, the value, the expected form and an example, e.g.
/// <c>Gateway:ClientOrderIdWindow is '15min': expected a time span hh:mm:ss or d.hh:mm:ss from 00:00:01 to 1.00:00:00
/// (00:15:00 is 15 minutes); example: Gateway__ClientOrderIdWindow=00:15:00.</c>
/// It runs twice, on two objects: before the host is built, on the <c>Gateway</c> section of configuration as written
/// (<see cref="ThrowIfInvalid"/>: a value the configuration binder cannot convert is a failure too, and nothing has
/// connected yet); and at start (<c>ValidateOnStart</c>), as the options' <see cref="IValidateOptions{TOptions}"/>, on the
/// bound options with every <c>Configure</c>/<c>PostConfigure</c> applied, so a symbol set in code is checked as well.
/// </summary>
/// <param name="configuration">The configuration the options are bound from: a failure shows a value as written there.</param>
public sealed class GatewayOptionsCheck(IConfiguration configuration) : IValidateOptions<GatewayOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
        => Failures(options, configuration.GetSection(GatewayOptions.SectionName), unconvertible: new HashSet<string>()) is { Count: > 0 } failures
            ? ValidateOptionsResult.Fail(failures)
            : ValidateOptionsResult.Success;

    /// <summary>
    /// Every failure of the <c>Gateway</c> section of <paramref name="configuration"/> bound onto the defaults as the
    /// configuration binder binds it: the options' settings in declaration order, then each symbol's (symbols in key
    /// order); none when it is valid. An empty value is a failure, not "unset".
    /// </summary>
    public static IReadOnlyList<string> Failures(IConfiguration configuration)
    {
        var section = configuration.GetSection(GatewayOptions.SectionName);
        var unconvertible = Unconvertible(typeof(GatewayOptions), section)
            .Concat(section.GetSection(nameof(GatewayOptions.Symbols)).GetChildren().SelectMany(symbol => Unconvertible(typeof(InstrumentOptions), symbol)))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        // Bound without the values it cannot convert (the binder would throw at the first), which fail as written.
        var convertible = new ConfigurationBuilder()
            .AddInMemoryCollection(section.AsEnumerable().Where(setting => !unconvertible.Contains(setting.Key)))
            .Build();
        var options = new GatewayOptions();
        convertible.GetSection(GatewayOptions.SectionName).Bind(options);
        return Failures(options, section, unconvertible);
    }

    /// <summary>Throws when <see cref="Failures(IConfiguration)"/> finds any: before the host is built, so before any connection is opened.</summary>
    /// <exception cref="OptionsValidationException">Its <see cref="OptionsValidationException.Failures"/> are the failures, one sentence each.</exception>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        if (Failures(configuration) is { Count: > 0 } failures)
        {
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), failures);
        }
    }

    // The rules, for both runs: a key in unconvertible fails whatever its bound value.
    private static List<string> Failures(GatewayOptions options, IConfigurationSection section, IReadOnlySet<string> unconvertible)
    {
        var failures = Check(options, new GatewayOptions(), section, unconvertible).ToList();
        if (options.Symbols is not { Count: > 0 })
        {
            failures.Add($"{section.Path}:{nameof(GatewayOptions.Symbols)} is empty: expected at least one symbol; " +
                         $"example: {EnvironmentKey($"{section.Path}:{nameof(GatewayOptions.Symbols)}:BTCUSDT:{nameof(InstrumentOptions.StartPrice)}")}=65000.");
            return failures;
        }

        foreach (var (symbol, instrument) in options.Symbols.OrderBy(pair => pair.Key, ConfigurationKeyComparer.Instance))
        {
            var symbolSection = section.GetSection($"{nameof(GatewayOptions.Symbols)}:{symbol}");
            if (!Regex.IsMatch(symbol, OrderFieldDomain.SymbolPattern))
            {
                failures.Add($"{symbolSection.Path} names the symbol '{symbol}': expected 2-20 capital letters or digits; " +
                             $"example: {EnvironmentKey($"{section.Path}:{nameof(GatewayOptions.Symbols)}:DOGEUSDT:{nameof(InstrumentOptions.StartPrice)}")}=0.12.");
            }
            else
            {
                failures.AddRange(Check(instrument, new InstrumentOptions(), symbolSection, unconvertible));
            }
        }

        return failures;
    }

    // Each property with a [Setting]: its value checked by its attributes. The value is shown as written in configuration
    // when that is where it came from, "not set" when it is the property's unset default, else as the value in code.
    private static IEnumerable<string> Check(object options, object unset, IConfigurationSection section, IReadOnlySet<string> unconvertible)
    {
        foreach (var property in options.GetType().GetProperties())
        {
            if (property.GetCustomAttribute<SettingAttribute>() is not { } setting)
            {
                continue;
            }

            var key = $"{section.Path}:{property.Name}";
            var value = property.GetValue(options);
            var context = new ValidationContext(options) { MemberName = property.Name };
            if (!unconvertible.Contains(key) && property.GetCustomAttributes<ValidationAttribute>().All(attribute => attribute.GetValidationResult(value, context) is null))
            {
                continue;
            }

            var text = section[property.Name];
            var shown = text is not null && (unconvertible.Contains(key) || (TryConvert(text, property.PropertyType, out var written) && Equals(written, value)))
                ? $"'{text}'"
                : Equals(value, property.GetValue(unset)) ? "not set" : $"'{Convert.ToString(value, CultureInfo.InvariantCulture)}'";
            yield return $"{key} is {shown}: expected {setting.Form}; example: {EnvironmentKey(key)}={setting.Example}.";
        }
    }

    // The keys of section's [Setting] properties whose text the configuration binder cannot convert.
    private static IEnumerable<string> Unconvertible(Type type, IConfigurationSection section)
        => type.GetProperties()
            .Where(property => property.GetCustomAttribute<SettingAttribute>() is not null
                               && section[property.Name] is { } text && !TryConvert(text, property.PropertyType, out _))
            .Select(property => $"{section.Path}:{property.Name}");

    // As ConfigurationBinder converts a value: empty is null for a nullable type, otherwise the type's converter with the
    // invariant culture.
    private static bool TryConvert(string text, Type type, out object? value)
    {
        value = null;
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
