namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>
/// A resource that other resources connect to through a connection string. Referencing it injects
/// <c>ConnectionStrings__{name}</c>, its portable alias and the connection properties
/// (<c>{NAME}_HOST</c>, <c>_PORT</c>, <c>_USERNAME</c>, <c>_PASSWORD</c>, <c>_URI</c>).
/// </summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The name under <c>ConnectionStrings</c>; defaults to the resource name.</summary>
    string ConnectionStringName => Name;

    /// <summary>Resolves the connection string once endpoints are allocated.</summary>
    ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default);

    /// <summary>Connection properties keyed by suffix (HOST, PORT, USERNAME, PASSWORD, URI).</summary>
    ValueTask<IReadOnlyDictionary<string, string>> GetConnectionPropertiesAsync(CancellationToken cancellationToken = default);

    /// <summary>Extra variables injected for Python apps, e.g. <c>DATABASE_URL</c> (seed-era names).</summary>
    ValueTask<IReadOnlyDictionary<string, string>> GetLegacyEnvironmentAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
}
