namespace TradingAspire.Hosting;

/// <summary>
/// Places configuration sources below the later ones without inserting: an insert reloads every source, and a stream
/// source (the Aspire CLI's and Aspire.Hosting.Testing's settings) cannot be read twice. Instead the new sources are added
/// last, followed by a copy of the values the sources from <c>index</c> on had loaded, so those still override them.
/// </summary>
internal static class ConfigurationSourcePlacement
{
    public static void AddBelowSourcesFrom(IDistributedApplicationBuilder builder, int index, params IConfigurationSource[] sources)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        ((IConfigurationRoot)builder.Configuration).Providers.Skip(index).ToList().ForEach(provider => CopyValues(provider, null, overrides));
        Array.ForEach(sources, builder.Configuration.Sources.Add);
        if (overrides.Count > 0)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
    }

    private static void CopyValues(IConfigurationProvider provider, string? parent, Dictionary<string, string?> values)
    {
        foreach (var key in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var path = parent is null ? key : ConfigurationPath.Combine(parent, key);
            if (provider.TryGet(path, out var value))
            {
                values[path] = value;
            }

            CopyValues(provider, path, values);
        }
    }
}
