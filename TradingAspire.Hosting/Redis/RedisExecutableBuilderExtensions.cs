using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// Redis run natively (no container): <c>AddRedisExecutable</c>, <c>WithPersistence</c>, <c>WithConfigurationFile</c>.
/// Named apart from Aspire's container-based <c>AddRedis</c>.
/// </summary>
public static class RedisExecutableBuilderExtensions
{
    /// <summary>The command that installs Redis on Debian, named when <c>redis-server</c> is missing.</summary>
    public const string DebianInstallCommand = "apt-get install -y redis-server";

    /// <summary>
    /// Adds a Redis server run from <c>redis-server</c> on PATH (or <c>/usr/bin/redis-server</c>), bound to 127.0.0.1,
    /// with <c>requirepass</c>. Health: PING. Without <see cref="WithPersistence"/> it keeps nothing between runs: its
    /// temporary directory (generated configuration, snapshots) is deleted when the app stops gracefully.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name, also the connection string name.</param>
    /// <param name="port">The port clients connect to; null for a random free port.</param>
    /// <param name="password">The password; null for a generated secret parameter <c>{name}-password</c>.</param>
    /// <example><code>var redis = builder.AddRedisExecutable("redis", port: 6379).WithPersistence();</code></example>
    public static IResourceBuilder<RedisExecutableResource> AddRedisExecutable(this IDistributedApplicationBuilder builder, [ResourceName] string name,
        int? port = null, IResourceBuilder<ParameterResource>? password = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var passwordParameter = password?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var program = FindRedisServer() ?? "redis-server";
        var redis = new RedisExecutableResource(name, program, builder.AppHostDirectory, passwordParameter);
        string? configurationFile = null;
        // Without WithPersistence nothing is kept: the temporary directory (its configuration holds the password) goes when the app stops.
        EphemeralDirectory.DeleteWhenTheAppStops(builder, redis, () => redis.DataDirectory, redis.DataDirectory);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (@event, ct) =>
        {
            if (FindRedisServer() is null)
            {
                throw ResourceStartFailure.Create(@event.Services, redis,
                    $"Redis is not installed: no redis-server on PATH or in /usr/bin. Install it: {DebianInstallCommand}");
            }

            try
            {
                configurationFile = await RedisConfigurationFile.WriteAsync(redis, ct).ConfigureAwait(false);
            }
            catch (DistributedApplicationException ex)
            {
                throw ResourceStartFailure.Create(@event.Services, redis, ex.Message, ex);
            }
        });

        // PING through a connection made from host, port and password, not from the connection string: a comma in the
        // password has no escape in StackExchange.Redis's configuration string.
        StackExchange.Redis.ConfigurationOptions? options = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, ct) =>
        {
            options = await redis.GetConfigurationOptionsAsync(ct).ConfigureAwait(false);
            options.AbortOnConnectFail = false;
        });
        var connection = new Lazy<StackExchange.Redis.IConnectionMultiplexer>(() => StackExchange.Redis.ConnectionMultiplexer.Connect(
            options ?? throw new InvalidOperationException($"The endpoint of '{name}' is not allocated yet.")),
            LazyThreadSafetyMode.PublicationOnly);  // not kept on failure: the next check tries again
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(_ => connection.Value, name: healthCheckKey);

        return builder.AddResource(redis)
            .WithEndpoint(port: port, scheme: "tcp", name: RedisExecutableResource.PrimaryEndpointName)
            .WithIconName("Memory")
            .WithArgs(context =>
            {
                context.Args.Add(configurationFile ?? Path.Combine(redis.DataDirectory, RedisConfigurationFile.FileName));
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// Turns on the append-only file (AOF, <c>appendfsync everysec</c> unless <paramref name="appendFsync"/>) in
    /// <paramref name="dataDirectory"/> (relative to the AppHost), or <c>{TradingAspire:StateDirectory}/data/{name}</c>.
    /// </summary>
    public static IResourceBuilder<RedisExecutableResource> WithPersistence(this IResourceBuilder<RedisExecutableResource> builder,
        string? dataDirectory = null, string appendFsync = "everysec")
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (appendFsync is not ("everysec" or "always" or "no"))
        {
            throw new ArgumentException($"appendFsync must be 'everysec', 'always' or 'no' (Redis's appendfsync); got '{appendFsync}'.", nameof(appendFsync));
        }

        return builder
            .WithAnnotation(new RedisPersistenceAnnotation(appendFsync), ResourceAnnotationMutationBehavior.Replace)
            .WithAnnotation(new DataDirectoryAnnotation(StateDirectory.DataDirectoryFor(builder.ApplicationBuilder, builder.Resource.Name, dataDirectory)),
                ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Includes the settings of a redis.conf-style file (relative to the AppHost directory) before ours.</summary>
    public static IResourceBuilder<RedisExecutableResource> WithConfigurationFile(this IResourceBuilder<RedisExecutableResource> builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new ConfigurationFileAnnotation(Path.GetFullPath(Path.Combine(builder.ApplicationBuilder.AppHostDirectory, path))),
            ResourceAnnotationMutationBehavior.Replace);
    }

    private static string? FindRedisServer() => ExecutableSearch.Find("redis-server") ?? ExecutableSearch.Find("/usr/bin/redis-server");
}
