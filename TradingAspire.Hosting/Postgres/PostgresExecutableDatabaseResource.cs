namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A database on a <see cref="PostgresExecutableResource"/>, created when the server is ready. As Aspire's
/// <c>PostgresDatabaseResource</c>: the server's connection string plus <c>;Database={DatabaseName}</c>, and the server's
/// connection properties plus <c>DatabaseName</c>, with <c>Uri</c> and <c>JdbcConnectionString</c> naming the database.
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

    /// <summary>In publish mode after the server's <c>PublishAsContainer</c>: Aspire's database in this one's place; else null.</summary>
    public PostgresDatabaseResource? PublishedResource
        => this.TryGetLastAnnotation<PublishedResourceAnnotation>(out var published) ? (PostgresDatabaseResource)published.Resource : null;

    /// <summary><c>postgresql://{user}:{password}@{host}:{port}/{database}</c>, percent-encoded.</summary>
    public ReferenceExpression UriExpression => Parent.BuildUri(DatabaseName);

    /// <summary><c>jdbc:postgresql://{host}:{port}/{database}</c>.</summary>
    public ReferenceExpression JdbcConnectionString => Parent.BuildJdbcConnectionString(DatabaseName);

    /// <summary>The server's connection string plus <c>;Database={DatabaseName}</c>; in publish mode, the published database's.</summary>
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
