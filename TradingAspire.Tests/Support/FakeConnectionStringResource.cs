namespace TradingAspire.Tests.Support;

/// <summary>A resource with a fixed connection string, for environment-injection tests.</summary>
internal sealed class FakeConnectionStringResource(string name) : Resource(name), IResourceWithConnectionString
{
    public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<string?>("Host=127.0.0.1;Port=5432;Username=postgres;Password=s3cret;Database=trading");

    public ValueTask<IReadOnlyDictionary<string, string>> GetConnectionPropertiesAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["HOST"] = "127.0.0.1",
            ["PORT"] = "5432",
            ["USERNAME"] = "postgres",
            ["PASSWORD"] = "s3cret",
            ["URI"] = "postgresql://postgres:s3cret@127.0.0.1:5432/trading",
        });

    public ValueTask<IReadOnlyDictionary<string, string>> GetLegacyEnvironmentAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = "postgresql://postgres:s3cret@127.0.0.1:5432/trading",
        });
}
