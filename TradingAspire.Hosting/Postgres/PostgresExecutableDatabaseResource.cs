namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A database on a <see cref="PostgresExecutableResource"/>, created when the server is ready. Its connection string is
/// the server's plus <c>;Database={DatabaseName}</c>, injected as <c>ConnectionStrings__{name}</c> by <c>WithReference</c>;
/// its connection properties are the server's plus <c>DatabaseName</c>, with <c>Uri</c>
/// (<c>postgresql://user:password@host:port/database</c>) and <c>JdbcConnectionString</c> naming the database, as
/// Aspire's <c>PostgresDatabaseResource</c> does: <c>WithReference(trading)</c> injects <c>TRADING_HOST</c>,
/// <c>TRADING_PORT</c>, <c>TRADING_USERNAME</c>, <c>TRADING_PASSWORD</c>, <c>TRADING_URI</c>, <c>TRADING_JDBCCONNECTIONSTRING</c>
/// and <c>TRADING_DATABASENAME</c>.
/// </summary>
/// <param name="name">The resource name (also the connection string name).</param>
/// <param name="databaseName">The database's name on the server.</param>
/// <param name="parent">The server.</param>
public class PostgresExecutableDatabaseResource(string name, string databaseName, PostgresExecutableResource parent)
    : Resource(name), IResourceWithParent<PostgresExecutableResource>, IResourceWithConnectionString
{
    /// <summary>The server that holds the database.</summary>
    public PostgresExecutableResource Parent { get; } = parent ?? throw new ArgumentNullException(nameof(parent));

    /// <summary>The database's name on the server.</summary>
    public string DatabaseName { get; } = databaseName;

    /// <summary>In publish mode after the server's <c>PublishAsContainer</c>: Aspire's database resource that stands for this one.</summary>
    public PostgresDatabaseResource? PublishedResource
        => this.TryGetLastAnnotation<PublishedResourceAnnotation>(out var published) ? (PostgresDatabaseResource)published.Resource : null;

    /// <summary><c>postgresql://{user}:{password}@{host}:{port}/{database}</c>, percent-encoded.</summary>
    public ReferenceExpression UriExpression => Parent.BuildUri(DatabaseName);

    /// <summary><c>jdbc:postgresql://{host}:{port}/{database}</c>.</summary>
    public ReferenceExpression JdbcConnectionString => Parent.BuildJdbcConnectionString(DatabaseName);

    /// <summary><c>Host=..;Port=..;Username=..;Password=..;Database={DatabaseName}</c> (values quoted as Npgsql does); in publish mode, the published database's.</summary>
    public ReferenceExpression ConnectionStringExpression => PublishedResource?.ConnectionStringExpression
        ?? ReferenceExpression.Create($"{Parent};Database={ConnectionStringKeywordValue.Quote(DatabaseName)}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        PublishedResource is IResourceWithConnectionString published ? published.GetConnectionProperties() :
        Parent.CombineProperties([
            new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}")),
            new("Uri", UriExpression),
            new("JdbcConnectionString", JdbcConnectionString),
        ]);
}
