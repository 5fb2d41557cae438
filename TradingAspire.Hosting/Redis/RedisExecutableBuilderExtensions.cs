namespace Aspire.Hosting;

/// <summary>
/// Redis run natively (no container); in publish mode Aspire's <c>AddRedis</c> container takes its place
/// (<c>PublishAsContainer</c>). Named apart from Aspire's <c>AddRedis</c>.
/// </summary>
public static class RedisExecutableBuilderExtensions
{
    /// <summary>The command that installs Redis on Debian, named when <c>redis-server</c> is missing.</summary>
    public const string DebianInstallCommand = "apt-get install -y redis-server";

    /// <summary>
    /// Adds a Redis server from <c>redis-server</c> on PATH (or <c>/usr/bin</c>), bound to 127.0.0.1, with <c>requirepass</c>.
    /// Health: PING. Without <see cref="WithPersistence"/> its temporary directory is deleted when the app stops gracefully.
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
        // Without WithPersistence the temporary directory (its configuration holds the password) goes when the app stops.
        StateDirectory.DeleteWhenTheAppStops(builder, redis, redis.DataDirectory);

        // PING through a connection made from host, port and password, not from the connection string: a comma in the
        // password has no escape in StackExchange.Redis's configuration string. After an outage it tries to connect again
        // every second (as the gateway's client), so Redis and the heartbeats read through it are seen again within ~2 s.
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, ct) => redis.HealthCheckOptions = new StackExchange.Redis.ConfigurationOptions
        {
            EndPoints = { $"{await redis.Host.GetValueAsync(ct).ConfigureAwait(false)}:{await redis.Port.GetValueAsync(ct).ConfigureAwait(false)}" },
            Password = await redis.PasswordParameter.GetValueAsync(ct).ConfigureAwait(false),
            AbortOnConnectFail = false,
            ReconnectRetryPolicy = new StackExchange.Redis.LinearRetry(1000),
        });
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(_ => redis.HealthCheckConnection, name: healthCheckKey);

        return builder.AddResource(redis)
            .WithEndpoint(port: port, scheme: "tcp", name: RedisExecutableResource.PrimaryEndpointName)
            .WithIconName("Memory")
            .WithInstallCheck(_ => FindRedisServer() is null
                ? $"Redis is not installed: no redis-server on PATH or in /usr/bin. Install it: {DebianInstallCommand}"
                : null)
            .WithStartPreparation((_, _, ct) => RedisConfigurationFile.WriteAsync(redis, ct))
            .WithArgs(context =>
            {
                context.Args.Add(Path.Combine(redis.DataDirectory, RedisConfigurationFile.FileName));
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// Turns on the append-only file (<paramref name="appendFsync"/>: <c>everysec</c>, <c>always</c> or <c>no</c>) in
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
        => ConfigurationFileAnnotation.Set(builder, path);

    /// <summary>Where <c>WithConfigurationFile</c>'s file is mounted in the container (read-only).</summary>
    public const string ContainerConfigurationFile = "/usr/local/etc/redis/redis.conf";

    /// <summary>
    /// In publish mode replaces the executable with Aspire's <c>AddRedis</c> container of the same name, port and
    /// password, running <c>redis-server [file] --requirepass "$REDIS_PASSWORD" [--appendonly yes --appendfsync P]</c>:
    /// <c>WithConfigurationFile</c>'s file at <see cref="ContainerConfigurationFile"/>, and with <c>WithPersistence</c> a
    /// data volume. In run mode it does nothing. Call it last: settings made after it do not reach the container.
    /// </summary>
    /// <param name="builder">The executable server's builder.</param>
    /// <param name="configure">Further configuration of the container resource (publish mode only).</param>
    /// <returns>The same (executable's) builder.</returns>
    /// <example><code>var redis = builder.AddRedisExecutable("redis", port: 6379).WithPersistence().PublishAsContainer();</code></example>
    public static IResourceBuilder<RedisExecutableResource> PublishAsContainer(this IResourceBuilder<RedisExecutableResource> builder,
        Action<IResourceBuilder<RedisResource>>? configure = null)
        => PublishedContainer.Replace(builder, RedisExecutableResource.PrimaryEndpointName, (application, server, port) =>
        {
            var container = application.AddRedis(server.Name, port, application.CreateResourceBuilder(server.PasswordParameter));
            // Aspire's image runs `/bin/sh -c "redis-server ..."`; the whole command line is one script argument, so ours replaces it.
            var command = new List<string> { "redis-server" };
            if (server.SettingsFile is { } settingsFile)
            {
                container.WithBindMount(settingsFile, ContainerConfigurationFile, isReadOnly: true);
                command.Add(ContainerConfigurationFile);                 // first: the file's settings, then ours override
            }

            command.Add("--requirepass \"$REDIS_PASSWORD\"");
            if (server.Persistent)
            {
                container.WithDataVolume();
                command.Add($"--appendonly yes --appendfsync {server.AppendFsync}");
            }

            return container.WithArgs(context =>
            {
                context.Args.Clear();
                context.Args.Add("-c");
                context.Args.Add(string.Join(' ', command));
            });
        }, configure);

    private static string? FindRedisServer() => ExecutableSearch.Find("redis-server") ?? ExecutableSearch.Find("/usr/bin/redis-server");
}
