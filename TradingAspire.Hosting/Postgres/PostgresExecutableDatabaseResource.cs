namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A database on a <see cref="PostgresExecutableResource"/>, created when the server is ready. Its connection string is
/// the server's plus <c>;Database={DatabaseName}</c>, injected as <c>ConnectionStrings__{name}</c> by <c>WithReference</c>.
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

    /// <summary><c>Host=..;Port=..;Username=..;Password=..;Database={DatabaseName}</c>; in publish mode, the published database's.</summary>
    public ReferenceExpression ConnectionStringExpression => PublishedResource?.ConnectionStringExpression ?? ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
