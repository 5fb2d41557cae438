namespace TradingAspire.Hosting.Configuration;

/// <summary>One invalid setting: the key, the value found, the expected form and an example.</summary>
public sealed record ConfigurationError(string Key, string? Value, string Expected, string Example)
{
    /// <inheritdoc />
    public override string ToString()
        => $"{Key} = '{Value ?? "(empty)"}' is invalid. Expected: {Expected}. Example: {Example}.";
}
