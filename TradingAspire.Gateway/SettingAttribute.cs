namespace TradingAspire.Gateway;

/// <summary>
/// What a gateway setting accepts, in words, and an example value: the two halves of every message
/// <see cref="GatewayOptionsCheck"/> gives about it ("expected {Form}; example: Gateway__Key={Example}").
/// </summary>
/// <param name="form">The accepted values, bounds included (e.g. "a whole number of milliseconds from 10 to 60000").</param>
/// <param name="example">A valid value as it is written in configuration (e.g. "250").</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingAttribute(string form, string example) : Attribute
{
    /// <summary>The accepted values, bounds included.</summary>
    public string Form { get; } = form;

    /// <summary>A valid value as written in configuration.</summary>
    public string Example { get; } = example;
}
