using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Hosting.Resources;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A native PostgreSQL server: its own data directory, port and socket directory, listening on 127.0.0.1.</summary>
public sealed class PostgresServerResource(
    string name, string command, ParameterResource? userNameParameter, ParameterResource? passwordParameter, DistributedApplicationExecutionContext executionContext)
    : ProcessResource(name, command, "/"), IResourceWithConnectionString
{
    /// <summary>The superuser name (<c>postgres</c> unless a user name parameter was given).</summary>
    // Read when needed, not when declared: a parameter's value comes from configuration, complete only at Build.
    public string UserName => UserNameParameter?.Value ?? "postgres";

    /// <summary>A user-supplied superuser name; null means <c>postgres</c>.</summary>
    public ParameterResource? UserNameParameter { get; } = userNameParameter;

    /// <summary>A user-supplied secret password; null means a generated one kept in the secrets file.</summary>
    public ParameterResource? PasswordParameter { get; } = passwordParameter;

    /// <summary>Data directory set by <c>WithDataDirectory</c>; null means <c>{state}/data/{name}</c>.</summary>
    public string? DataDirectoryOverride { get; internal set; }

    /// <summary>The databases declared with <c>AddDatabase</c>.</summary>
    public List<PostgresDatabaseResource> Databases { get; } = [];

    /// <summary>The server's TCP endpoint.</summary>
    public EndpointReference Endpoint => new(this, "tcp");

    /// <summary>Resolved paths and password, available once the application is built.</summary>
    internal PostgresServerPaths Paths(IServiceProvider services)
    {
        var paths = services.GetRequiredService<ApplicationPaths>();
        var data = DataDirectoryOverride is { } custom ? paths.ResolveFromAppHost(custom) : Path.Combine(paths.DataDirectory, Name);
        return new PostgresServerPaths(data, Path.Combine(paths.RunDirectory, $"{Name}-socket"), Path.Combine(paths.StateDirectory, "secrets", $"{Name}.password"));
    }

    /// <summary>The superuser password.</summary>
    internal string Password(IServiceProvider services) => PasswordParameter?.Value ?? SecretFile.ReadOrCreate(Paths(services).PasswordFile);

    /// <inheritdoc />
    public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<string?>(PostgresConnectionStrings.Ado(Endpoint, UserName, Password(RequireServices()), null));

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, string>> GetConnectionPropertiesAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult(PostgresConnectionStrings.Properties(Endpoint, UserName, Password(RequireServices()), null));

    /// <summary>
    /// The server connection string on the <c>postgres</c> maintenance database, for the AppHost's own work (health
    /// check, CREATE/DROP DATABASE): without a database Npgsql would pick one named after the user, which exists only
    /// for the default user <c>postgres</c>.
    /// </summary>
    internal string MaintenanceConnectionString()
        => PostgresConnectionStrings.Ado(Endpoint, UserName, Password(RequireServices()), "postgres");

    internal IServiceProvider RequireServices() => executionContext.ServiceProvider;
}

/// <summary>Where a PostgreSQL server keeps its files.</summary>
internal sealed record PostgresServerPaths(string DataDirectory, string SocketDirectory, string PasswordFile)
{
    // A Unix socket path holds at most 107 bytes (sun_path is 108 with its NUL); a repository in a deep directory
    // passes that, and PostgreSQL then refuses to start.
    private const int MaxSocketPathBytes = 107;

    /// <summary>The Unix socket PostgreSQL creates for <paramref name="port"/>.</summary>
    public string SocketPath(int port) => Path.Combine(SocketDirectory, $".s.PGSQL.{port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Whether that socket's path fits the operating system's limit; when not, the server listens on TCP only.</summary>
    public bool SocketFits(int port) => Encoding.UTF8.GetByteCount(SocketPath(port)) <= MaxSocketPathBytes;
}
