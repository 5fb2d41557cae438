namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server run natively (the installation's <c>postgres</c>, not a container). Its connection string and
/// connection properties (<c>Host</c>, <c>Port</c>, <c>Username</c>, <c>Password</c>, <c>Uri</c>,
/// <c>JdbcConnectionString</c>) are those of Aspire's <c>PostgresServerResource</c>.
/// </summary>
/// <param name="name">The resource name (also the connection string name).</param>
/// <param name="command">The program DCP runs: <c>postgres</c>, or <c>setpriv</c> when the AppHost runs as root.</param>
/// <param name="workingDirectory">The working directory of the server process.</param>
/// <param name="userName">The superuser name; null for <see cref="DefaultUserName"/>.</param>
/// <param name="password">The superuser password.</param>
public class PostgresExecutableResource(string name, string command, string workingDirectory, ParameterResource? userName, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The name of the TCP endpoint clients connect to.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser created by initdb when no user name parameter is given.</summary>
    public const string DefaultUserName = "postgres";

    private readonly string _ephemeralDataDirectory = Path.Combine(Path.GetTempPath(), $"aspire-postgres-{name}-{Guid.NewGuid():N}");
    private EndpointReference? _primaryEndpoint;

    /// <summary>The endpoint clients connect to.</summary>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <summary>The superuser name parameter; null for <see cref="DefaultUserName"/>.</summary>
    public ParameterResource? UserNameParameter { get; } = userName;

    /// <summary>The superuser password parameter.</summary>
    public ParameterResource PasswordParameter { get; } = password ?? throw new ArgumentNullException(nameof(password));

    /// <summary>The superuser name: the parameter's value or <see cref="DefaultUserName"/>.</summary>
    public ReferenceExpression UserNameReference => UserNameParameter is not null
        ? ReferenceExpression.Create($"{UserNameParameter}")
        : ReferenceExpression.Create($"{DefaultUserName}");

    /// <summary>The data directory (PGDATA, absolute): <c>WithDataDirectory</c>'s, else a temporary one for this run of the app.</summary>
    public string DataDirectory => this.TryGetLastAnnotation<DataDirectoryAnnotation>(out var data) ? data.Path : _ephemeralDataDirectory;

    /// <summary><c>WithConfigurationFile</c>'s file (absolute); null for none.</summary>
    public string? SettingsFile => this.TryGetLastAnnotation<ConfigurationFileAnnotation>(out var file) ? file.Path : null;

    /// <summary>In publish mode after <c>PublishAsContainer</c>: Aspire's container in this server's place; else null.</summary>
    public PostgresServerResource? PublishedResource
        => this.TryGetLastAnnotation<PublishedResourceAnnotation>(out var published) ? (PostgresServerResource)published.Resource : null;

    /// <summary>The IPv4 address clients connect to (<c>127.0.0.1</c>).</summary>
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.IPV4Host);

    /// <summary>The port clients connect to.</summary>
    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    /// <summary><c>postgresql://{user}:{password}@{host}:{port}</c>, user and password percent-encoded.</summary>
    public ReferenceExpression UriExpression => BuildUri(null);

    /// <summary><c>jdbc:postgresql://{host}:{port}</c> (the credentials are the <c>Username</c> and <c>Password</c> properties).</summary>
    public ReferenceExpression JdbcConnectionString => BuildJdbcConnectionString(null);

    /// <summary>
    /// <c>Host=127.0.0.1;Port={port};Username={user};Password={password}</c>, quoted as Npgsql does; in publish mode, the container's.
    /// </summary>
    public ReferenceExpression ConnectionStringExpression => PublishedResource?.ConnectionStringExpression ?? ReferenceExpression.Create(
        $"Host={Host};Port={Port};Username={new ConnectionStringKeywordValue(UserNameReference)};Password={new ConnectionStringKeywordValue(ReferenceExpression.Create($"{PasswordParameter}"))}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        PublishedResource is IResourceWithConnectionString published ? published.GetConnectionProperties() :
        [
            new("Host", ReferenceExpression.Create($"{Host}")),
            new("Port", ReferenceExpression.Create($"{Port}")),
            new("Username", UserNameReference),
            new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
            new("Uri", UriExpression),
            new("JdbcConnectionString", JdbcConnectionString),
        ];

    internal ReferenceExpression BuildUri(string? databaseName) => UserNameParameter is not null
        ? ReferenceExpression.Create($"postgresql://{UserNameParameter:uri}:{PasswordParameter:uri}@{Host}:{Port}{DatabasePath(databaseName)}")
        : ReferenceExpression.Create($"postgresql://{DefaultUserName:uri}:{PasswordParameter:uri}@{Host}:{Port}{DatabasePath(databaseName)}");

    internal ReferenceExpression BuildJdbcConnectionString(string? databaseName)
        => ReferenceExpression.Create($"jdbc:postgresql://{Host}:{Port}{DatabasePath(databaseName)}");

    /// <summary><c>/{database}</c> percent-encoded, or empty for the server.</summary>
    private static string DatabasePath(string? databaseName) => databaseName is null ? "" : "/" + Uri.EscapeDataString(databaseName);
}
