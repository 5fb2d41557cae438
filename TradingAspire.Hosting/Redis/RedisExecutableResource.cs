namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A Redis server run natively (<c>redis-server</c>), bound to 127.0.0.1, protected by <c>requirepass</c>. Its
/// connection string is Aspire's StackExchange.Redis form, <c>127.0.0.1:6379,password=...</c>; its connection properties
/// are Aspire's <c>RedisResource</c>'s: <c>Host</c>, <c>Port</c>, <c>Password</c> and <c>Uri</c>
/// (<c>redis://:password@host:port</c>, percent-encoded), injected by <c>WithReference(redis)</c> as <c>REDIS_HOST</c>,
/// <c>REDIS_PORT</c>, <c>REDIS_PASSWORD</c>, <c>REDIS_URI</c>. StackExchange.Redis's configuration string has no
/// quoting: a password with a comma, or with spaces at its ends, does not survive <c>ConnectionStrings__redis</c>, so
/// .NET clients that must take any password build <c>ConfigurationOptions</c> from the separate properties (as the
/// gateway and this resource's health check do).
/// </summary>
/// <param name="name">The resource name (also the connection string name).</param>
/// <param name="command">The <c>redis-server</c> program.</param>
/// <param name="workingDirectory">The working directory (also the data directory unless persistence moves it).</param>
/// <param name="password">The password parameter (generated as <c>{name}-password</c> unless given).</param>
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

    /// <summary>Where the generated configuration and, with persistence, the AOF files live (absolute).</summary>
    public string DataDirectory => this.TryGetLastAnnotation<DataDirectoryAnnotation>(out var data) ? data.Path : _ephemeralDataDirectory;

    /// <summary>True when <c>WithPersistence</c> turned on the append-only file.</summary>
    public bool Persistent => this.HasAnnotationOfType<RedisPersistenceAnnotation>();

    /// <summary>The AOF fsync policy when persistent: <c>everysec</c>, <c>always</c> or <c>no</c>.</summary>
    public string AppendFsync => this.TryGetLastAnnotation<RedisPersistenceAnnotation>(out var persistence) ? persistence.AppendFsync : "everysec";

    /// <summary>A redis.conf-style file whose settings are included first (<c>WithConfigurationFile</c>); null for none.</summary>
    public string? SettingsFile => this.TryGetLastAnnotation<ConfigurationFileAnnotation>(out var file) ? file.Path : null;

    /// <summary>
    /// In publish mode after <c>PublishAsContainer</c>: Aspire's container resource that stands for this server in the
    /// model (this one is no longer in it); null in run mode.
    /// </summary>
    public RedisResource? PublishedResource
        => this.TryGetLastAnnotation<PublishedResourceAnnotation>(out var published) ? (RedisResource)published.Resource : null;

    /// <summary>The IPv4 address clients connect to (<c>127.0.0.1</c>: the server binds loopback only).</summary>
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.IPV4Host);

    /// <summary>The port clients connect to.</summary>
    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    /// <summary><c>redis://:{password}@{host}:{port}</c>, the password percent-encoded (Aspire's <c>:uri</c> format).</summary>
    public ReferenceExpression UriExpression => ReferenceExpression.Create($"redis://:{PasswordParameter:uri}@{Host}:{Port}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        PublishedResource is IResourceWithConnectionString published ? published.GetConnectionProperties() :
        [
            new("Host", ReferenceExpression.Create($"{Host}")),
            new("Port", ReferenceExpression.Create($"{Port}")),
            new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
            new("Uri", UriExpression),
        ];

    /// <summary>
    /// StackExchange.Redis options for the health checks' connection, resolved (host, port, password) when the
    /// connection string is available (Aspire's <see cref="ConnectionStringAvailableEvent"/>, before the server starts).
    /// </summary>
    internal StackExchange.Redis.ConfigurationOptions? HealthCheckOptions { get; set; }

    /// <summary>
    /// The AppHost's one connection to this server, shared by the health checks (its PING, <c>WithRedisHeartbeatHealthCheck</c>):
    /// made on first use from <see cref="HealthCheckOptions"/>, reconnecting by itself. Throws
    /// <see cref="InvalidOperationException"/> before the endpoint is allocated; the next use tries again.
    /// </summary>
    internal StackExchange.Redis.IConnectionMultiplexer HealthCheckConnection
        => LazyInitializer.EnsureInitialized(ref _healthCheckConnection, ref _healthCheckConnectionLock, () =>
            StackExchange.Redis.ConnectionMultiplexer.Connect(HealthCheckOptions
                ?? throw new InvalidOperationException($"The endpoint of '{Name}' is not allocated yet.")));

    /// <summary>
    /// StackExchange.Redis options for this server from its host, port and password (not from the connection string,
    /// which cannot carry a comma in a password). Throws <see cref="InvalidOperationException"/> before the endpoint is allocated.
    /// </summary>
    internal async Task<StackExchange.Redis.ConfigurationOptions> GetConfigurationOptionsAsync(CancellationToken cancellationToken)
    {
        var host = await Host.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var port = await Port.GetValueAsync(cancellationToken).ConfigureAwait(false);
        var options = new StackExchange.Redis.ConfigurationOptions
        {
            Password = await PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false),
        };
        options.EndPoints.Add(host!, int.Parse(port!, System.Globalization.CultureInfo.InvariantCulture));
        return options;
    }

    /// <summary><c>127.0.0.1:{port},password={password}</c>; in publish mode, the published container's.</summary>
    public ReferenceExpression ConnectionStringExpression => PublishedResource?.ConnectionStringExpression ?? ReferenceExpression.Create(
        $"{Host}:{Port},password={PasswordParameter}");
}
