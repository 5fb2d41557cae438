namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A Redis server run natively (<c>redis-server</c>), bound to 127.0.0.1, protected by <c>requirepass</c>. Its
/// connection string is Aspire's StackExchange.Redis form, <c>127.0.0.1:6379,password=...</c>.
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

    /// <summary><c>127.0.0.1:{port},password={password}</c>; in publish mode, the published container's.</summary>
    public ReferenceExpression ConnectionStringExpression => PublishedResource?.ConnectionStringExpression ?? ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.IPV4Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
