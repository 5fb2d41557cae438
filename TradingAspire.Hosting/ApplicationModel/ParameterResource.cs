namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>
/// A value supplied by configuration (<c>Parameters:{name}</c>), e.g. a password. Secret parameters are masked on
/// the dashboard and never written to logs.
/// </summary>
public sealed class ParameterResource(string name, Func<string?> valueProvider, bool secret) : Resource(name)
{
    /// <summary>True when the value is a secret.</summary>
    public bool Secret { get; } = secret;

    /// <summary>The configuration key the value comes from.</summary>
    public string ConfigurationKey => $"Parameters:{Name}";

    /// <summary>True when a value is available.</summary>
    public bool HasValue => !string.IsNullOrEmpty(valueProvider());

    /// <summary>The value; throws with the configuration key to set when it is missing.</summary>
    public string Value => valueProvider() is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"Parameter '{Name}' has no value. Set configuration key '{ConfigurationKey}' " +
            $"(for example in .env.local: Parameters__{Name}=...).");
}
