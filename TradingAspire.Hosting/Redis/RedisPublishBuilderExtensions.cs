namespace Aspire.Hosting;

/// <summary>
/// Publish mode of <see cref="RedisExecutableResource"/>: Aspire.Hosting.Redis's container resource in its place, so
/// <c>aspire publish</c> describes Redis as a cluster runs it (image, data volume, AOF, connection string).
/// </summary>
public static class RedisPublishBuilderExtensions
{
    /// <summary>Where <c>WithConfigurationFile</c>'s file is mounted in the container (read-only).</summary>
    public const string ContainerConfigurationFile = "/usr/local/etc/redis/redis.conf";

    /// <summary>
    /// In publish mode (<c>aspire publish</c>, <c>--operation publish</c>) replaces the executable with Aspire's
    /// <c>AddRedis</c> container resource of the same name, port and password parameter; with <c>WithPersistence</c>
    /// a data volume and the append-only file (<c>--appendonly yes --appendfsync {policy}</c>, no RDB snapshots unless the
    /// configuration file asks); the configuration file of <c>WithConfigurationFile</c> mounted at
    /// <see cref="ContainerConfigurationFile"/> and loaded first. The container's command line is
    /// <c>redis-server [file] --requirepass "$REDIS_PASSWORD" [--appendonly yes --appendfsync P]</c>.
    /// References to the executable resolve to the container's connection string. In run mode it does nothing.
    /// Call it last in the server's chain: settings made after it do not reach the container.
    /// </summary>
    /// <param name="builder">The executable server's builder.</param>
    /// <param name="configure">Further configuration of the container resource (publish mode only).</param>
    /// <returns>The same builder (still the executable's, so Program.cs reads the same in both modes).</returns>
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
}
