namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>
/// A YAML mapping whose keys keep the order they were added in (so generated files read like hand-written ones and
/// stay byte-for-byte stable between runs). Values are strings, numbers, booleans, <see cref="HelmExpression"/>s,
/// nested <see cref="YamlMapping"/>s or lists of them.
/// </summary>
internal sealed class YamlMapping : List<KeyValuePair<string, object>>
{
    /// <summary>Adds <paramref name="key"/> unless <paramref name="value"/> is null; returns this mapping for chaining.</summary>
    public YamlMapping With(string key, object? value)
    {
        if (value is not null)
        {
            Add(new(key, value));
        }

        return this;
    }
}
