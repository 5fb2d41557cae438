namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A database inside a <see cref="PostgresServerResource"/>, created when missing and migrated before dependents start.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithParent<PostgresServerResource>, IResourceWithConnectionString, IResourceWithWaitSupport
{
    /// <summary>The database name in the server.</summary>
    public string DatabaseName { get; } = databaseName;

    /// <inheritdoc />
    public PostgresServerResource Parent { get; } = parent;

    IResource IResourceWithParent.Parent => Parent;

    /// <summary>Directory of numbered <c>.sql</c> migrations, when declared with <c>WithMigrations</c>.</summary>
    public string? MigrationsDirectory { get; internal set; }

    /// <inheritdoc />
    public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<string?>(PostgresConnectionStrings.Ado(Parent.Endpoint, Parent.UserName, Parent.Password(Parent.RequireServices()), DatabaseName));

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, string>> GetConnectionPropertiesAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult(PostgresConnectionStrings.Properties(Parent.Endpoint, Parent.UserName, Parent.Password(Parent.RequireServices()), DatabaseName));

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, string>> GetLegacyEnvironmentAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = PostgresConnectionStrings.Uri(Parent.Endpoint, Parent.UserName, Parent.Password(Parent.RequireServices()), DatabaseName),
        });
}
