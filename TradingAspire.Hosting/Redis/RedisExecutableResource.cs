namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A Redis server run natively (<c>redis-server</c>), bound to 127.0.0.1, with <c>requirepass</c>. Its connection string
/// and connection properties (<c>Host</c>, <c>Port</c>, <c>Password</c>, <c>Uri</c>) are those of Aspire's
/// <c>RedisResource</c>. StackExchange.Redis's configuration string cannot quote a comma or outer spaces in a password:
/// .NET clients that must take any password build <c>ConfigurationOptions</c> from the separate properties.
/// </summary>
/// <param name="name">The resource name (also the connection string name).</param>
/// <param name="command">The <c>redis-server</c> program.</param>
/// <param name="workingDirectory">The working directory of the process.</param>
/// <param name="password">The password parameter.</param>
public class RedisExecutableResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The name of the TCP endpoint clients connect to.</summary>
    public const string PrimaryEndpointName = "tcp";

    private readonly string _ephemeralDataDirectory = Path.Combine(Path.GetTempPath(), $"aspire-redis-{name}-{Guid.NewGuid():N}");
    private EndpointReference? _primaryEndpoint;
    private StackExchange.Redis.IConnectionMultiplexer? _healthCheckConnection;
    private object? _healthCheckConnectionLock;

    /// <summary>The endpoint clients connect to.</summary>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <summary>The password parameter.</summary>
    public ParameterResource PasswordParameter { get; } = password ?? throw new ArgumentNullException(nameof(password));

    /// <summary>Where the generated configuration and the AOF files live (absolute).</summary>
    public string DataDirectory => this.TryGetLastAnnotation<DataDirectoryAnnotation>(out var data) ? data.Path : _ephemeralDataDirectory;

    /// <summary>True when <c>WithPersistence</c> turned on the append-only file.</summary>
    public bool Persistent => this.HasAnnotationOfType<RedisPersistenceAnnotation>();

    /// <summary>The AOF fsync policy when persistent: <c>everysec</c>, <c>always</c> or <c>no</c>.</summary>
    public string AppendFsync => this.TryGetLastAnnotation<RedisPersistenceAnnotation>(out var persistence) ? persistence.AppendFsync : "everysec";

    /// <summary><c>WithConfigurationFile</c>'s file (absolute); null for none.</summary>
    public string? SettingsFile => this.TryGetLastAnnotation<ConfigurationFileAnnotation>(out var file) ? file.Path : null;

    /// <summary>In publish mode after <c>PublishAsContainer</c>: Aspire's container in this server's place; else null.</summary>
    public RedisResource? PublishedResource
        => this.TryGetLastAnnotation<PublishedResourceAnnotation>(out var published) ? (RedisResource)published.Resource : null;

    /// <summary>The IPv4 address clients connect to (<c>127.0.0.1</c>).</summary>
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.IPV4Host);

    /// <summary>The port clients connect to.</summary>
    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    /// <summary><c>redis://:{password}@{host}:{port}</c>, the password percent-encoded.</summary>
    public ReferenceExpression UriExpression => ReferenceExpression.Create($"redis://:{PasswordParameter:uri}@{Host}:{Port}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        PublishedResource is IResourceWithConnectionString published ? published.GetConnectionProperties() :
        [
            new("Host", ReferenceExpression.Create($"{Host}")),
            new("Port", ReferenceExpression.Create($"{Port}")),
            new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
            new("Uri", UriExpression),
        ];

    /// <summary>The health checks' connection options (host, port, password), set when the connection string is available.</summary>
    internal StackExchange.Redis.ConfigurationOptions? HealthCheckOptions { get; set; }

    /// <summary>
    /// The AppHost's one connection to this server, shared by its PING and <c>WithRedisHeartbeatHealthCheck</c>; made on
    /// first use, reconnecting by itself. Throws <see cref="InvalidOperationException"/> before the endpoint is allocated.
    /// </summary>
    internal StackExchange.Redis.IConnectionMultiplexer HealthCheckConnection
        => LazyInitializer.EnsureInitialized(ref _healthCheckConnection, ref _healthCheckConnectionLock, () =>
            StackExchange.Redis.ConnectionMultiplexer.Connect(HealthCheckOptions
                ?? throw new InvalidOperationException($"The endpoint of '{Name}' is not allocated yet.")));

    /// <summary><c>127.0.0.1:{port},password={password}</c>; in publish mode, the published container's.</summary>
    public ReferenceExpression ConnectionStringExpression => PublishedResource?.ConnectionStringExpression ?? ReferenceExpression.Create(
        $"{Host}:{Port},password={PasswordParameter}");
}
