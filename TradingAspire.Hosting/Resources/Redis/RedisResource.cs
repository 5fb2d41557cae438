using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Hosting.Resources;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A native redis-server on 127.0.0.1 with its own port, data directory and generated password.</summary>
public sealed class RedisResource(string name, ParameterResource? passwordParameter, DistributedApplicationExecutionContext executionContext)
    : ProcessResource(name, "redis-server", "/"), IResourceWithConnectionString
{
    /// <summary>True when AOF persistence (<c>appendfsync everysec</c>) is on.</summary>
    public bool Persistent { get; internal set; }

    /// <summary>The TCP endpoint.</summary>
    public EndpointReference Endpoint => new(this, "tcp");

    /// <summary>Data directory (<c>{state}/data/{name}</c>).</summary>
    public string DataDirectory(IServiceProvider services) => Path.Combine(services.GetRequiredService<ApplicationPaths>().DataDirectory, Name);

    /// <summary>The password (user-supplied secret parameter, else generated and kept in the secrets file).</summary>
    public string Password => passwordParameter?.Value
        ?? SecretFile.ReadOrCreate(Path.Combine(executionContext.ServiceProvider.GetRequiredService<ApplicationPaths>().StateDirectory, "secrets", $"{Name}.password"));

    /// <inheritdoc />
    public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<string?>($"{Endpoint.Host}:{Endpoint.Port.ToString(CultureInfo.InvariantCulture)},password={Password}");

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, string>> GetConnectionPropertiesAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["HOST"] = Endpoint.Host,
            ["PORT"] = Endpoint.Port.ToString(CultureInfo.InvariantCulture),
            ["PASSWORD"] = Password,
            ["URI"] = Uri,
        });

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, string>> GetLegacyEnvironmentAsync(CancellationToken cancellationToken = default)
        => ValueTask.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["REDIS_URL"] = Uri });

    private string Uri => $"redis://:{System.Uri.EscapeDataString(Password)}@{Endpoint.Host}:{Endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
}
