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

    private EndpointReference? _primaryEndpoint;

    /// <summary>The endpoint clients connect to.</summary>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <summary>The password parameter.</summary>
    public ParameterResource PasswordParameter { get; } = password ?? throw new ArgumentNullException(nameof(password));

    /// <summary>Where the generated configuration and, with persistence, the AOF files live (absolute).</summary>
    public string DataDirectory { get; internal set; } = Path.Combine(Path.GetTempPath(), $"aspire-redis-{name}-{Guid.NewGuid():N}");

    /// <summary>True when <c>WithPersistence</c> turned on the append-only file.</summary>
    public bool Persistent { get; internal set; }

    /// <summary>The AOF fsync policy when persistent: <c>everysec</c>, <c>always</c> or <c>no</c>.</summary>
    public string AppendFsync { get; internal set; } = "everysec";

    /// <summary>A redis.conf-style file whose settings are included first; null for none.</summary>
    public string? SettingsFile { get; internal set; }

    /// <summary>
    /// In publish mode after <c>PublishAsContainer</c>: Aspire's container resource that stands for this server in the
    /// model (this one is no longer in it); null in run mode.
    /// </summary>
    public RedisResource? PublishedResource { get; internal set; }

    /// <summary><c>127.0.0.1:{port},password={password}</c>; in publish mode, the published container's.</summary>
    public ReferenceExpression ConnectionStringExpression => PublishedResource?.ConnectionStringExpression ?? ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.IPV4Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
