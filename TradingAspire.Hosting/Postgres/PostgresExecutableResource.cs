namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server run natively as an executable (not a container): the <c>postgres</c> program of the machine's
/// PostgreSQL installation on a data directory initialised by <c>initdb</c> on first start. Its connection string is
/// Aspire's ADO form, <c>Host=127.0.0.1;Port=5432;Username=postgres;Password=...</c> (no database: see
/// <see cref="PostgresExecutableDatabaseResource"/>), with the user name and password quoted as
/// <c>NpgsqlConnectionStringBuilder</c> quotes them, so any password reads back exactly. Its connection properties are
/// Aspire's <c>PostgresServerResource</c>'s: <c>Host</c>, <c>Port</c>, <c>Username</c>, <c>Password</c>, <c>Uri</c>
/// (<c>postgresql://user:password@host:port</c>, percent-encoded) and <c>JdbcConnectionString</c>; <c>WithReference</c>
/// injects each as <c>{NAME}_{KEY}</c> (e.g. <c>POSTGRES_URI</c>).
/// </summary>
public class PostgresExecutableResource : ExecutableResource, IResourceWithConnectionString
{
    /// <summary>The name of the TCP endpoint clients connect to.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser created by initdb when no user name parameter is given.</summary>
    public const string DefaultUserName = "postgres";

    private readonly string _ephemeralDataDirectory;
    private EndpointReference? _primaryEndpoint;

    /// <param name="name">The resource name (also the connection string name).</param>
    /// <param name="command">The program DCP runs: <c>postgres</c>, or <c>setpriv</c> when the AppHost runs as root.</param>
    /// <param name="workingDirectory">The working directory of the server process.</param>
    /// <param name="userName">The superuser name; null for <see cref="DefaultUserName"/>.</param>
    /// <param name="password">The superuser password (a secret parameter).</param>
    /// <param name="dataDirectory">The absolute data directory (PGDATA).</param>
    public PostgresExecutableResource(string name, string command, string workingDirectory, ParameterResource? userName, ParameterResource password, string dataDirectory)
        : base(name, command, workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(password);
        UserNameParameter = userName;
        PasswordParameter = password;
        _ephemeralDataDirectory = dataDirectory;
    }

    /// <summary>The endpoint clients connect to (host and port as clients see them).</summary>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <summary>The superuser name parameter, or null when <see cref="DefaultUserName"/> is used.</summary>
    public ParameterResource? UserNameParameter { get; }

    /// <summary>The superuser password parameter (generated as <c>{name}-password</c> unless given).</summary>
    public ParameterResource PasswordParameter { get; }

    /// <summary>The superuser name as an expression (the parameter's value or <see cref="DefaultUserName"/>).</summary>
    public ReferenceExpression UserNameReference => UserNameParameter is not null
        ? ReferenceExpression.Create($"{UserNameParameter}")
        : ReferenceExpression.Create($"{DefaultUserName}");

    /// <summary>The data directory (PGDATA), absolute: <c>WithDataDirectory</c>'s, else the one given to the constructor.</summary>
    public string DataDirectory => this.TryGetLastAnnotation<DataDirectoryAnnotation>(out var data) ? data.Path : _ephemeralDataDirectory;

    /// <summary>A postgresql.conf-style file whose settings the server includes (<c>WithConfigurationFile</c>); null for none.</summary>
    public string? SettingsFile => this.TryGetLastAnnotation<ConfigurationFileAnnotation>(out var file) ? file.Path : null;

    /// <summary>
    /// In publish mode after <c>PublishAsContainer</c>: Aspire's container resource that stands for this server in the
    /// model (this one is no longer in it); null in run mode.
    /// </summary>
    public PostgresServerResource? PublishedResource
        => this.TryGetLastAnnotation<PublishedResourceAnnotation>(out var published) ? (PostgresServerResource)published.Resource : null;

    /// <summary>The IPv4 address clients connect to (<c>127.0.0.1</c>: the server listens on loopback only).</summary>
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.IPV4Host);

    /// <summary>The port clients connect to.</summary>
    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    /// <summary><c>postgresql://{user}:{password}@{host}:{port}</c>, user and password percent-encoded (Aspire's <c>:uri</c> format).</summary>
    public ReferenceExpression UriExpression => BuildUri(null);

    /// <summary><c>jdbc:postgresql://{host}:{port}</c> (no credentials: they are the <c>Username</c> and <c>Password</c> properties).</summary>
    public ReferenceExpression JdbcConnectionString => BuildJdbcConnectionString(null);

    /// <summary>
    /// <c>Host=127.0.0.1;Port={port};Username={user};Password={password}</c>, user and password quoted as
    /// <c>NpgsqlConnectionStringBuilder</c> writes them; in publish mode, the published container's.
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

    internal ReferenceExpression BuildUri(string? databaseName)
    {
        var builder = new ReferenceExpressionBuilder();
        builder.AppendLiteral("postgresql://");
        if (UserNameParameter is not null)
        {
            builder.Append($"{UserNameParameter:uri}");
        }
        else
        {
            builder.AppendLiteral(Uri.EscapeDataString(DefaultUserName));
        }

        builder.Append($":{PasswordParameter:uri}@{Host}:{Port}");
        if (databaseName is not null)
        {
            builder.AppendLiteral("/" + Uri.EscapeDataString(databaseName));
        }

        return builder.Build();
    }

    internal ReferenceExpression BuildJdbcConnectionString(string? databaseName)
        => databaseName is null
            ? ReferenceExpression.Create($"jdbc:postgresql://{Host}:{Port}")
            : ReferenceExpression.Create($"jdbc:postgresql://{Host}:{Port}/{Uri.EscapeDataString(databaseName)}");
}
