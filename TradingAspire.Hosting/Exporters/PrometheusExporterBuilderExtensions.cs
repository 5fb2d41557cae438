namespace Aspire.Hosting;

/// <summary>
/// <c>WithPostgresExporter</c> and <c>WithRedisExporter</c> (ours; Aspire has no exporter integration): Debian's
/// postgres_exporter and redis_exporter as executable resources beside their server, in the manner of Aspire's
/// <c>WithPgAdmin</c>/<c>WithRedisInsight</c>. Each waits for its server, reads the server's credentials from the
/// server's own parameters through environment variables (never its command line), listens on 127.0.0.1 only and
/// declares <c>/metrics</c> with <c>WithMetricsEndpoint</c>, so every <c>AddPrometheus</c> resource scrapes it.
/// </summary>
public static class PrometheusExporterBuilderExtensions
{
    /// <summary>The exporters' HTTP endpoint.</summary>
    public const string HttpEndpointName = "http";

    /// <summary>
    /// Adds <c>{server}-exporter</c> running <c>prometheus-postgres-exporter --web.listen-address=127.0.0.1:{port}</c>
    /// with <c>DATA_SOURCE_URI={host}:{port}/postgres?sslmode=disable</c>, <c>DATA_SOURCE_USER</c> and
    /// <c>DATA_SOURCE_PASS</c> (the server's superuser and password parameter; the exporter builds and escapes the
    /// URL itself). It waits for the server to be healthy, is shown as its child, and is healthy when its HTTP endpoint
    /// answers <c>/</c>. A missing executable fails its start (FailedToStart) naming
    /// <c>apt-get install -y prometheus-postgres-exporter</c>.
    /// </summary>
    /// <param name="builder">The PostgreSQL server.</param>
    /// <param name="configureExporter">Changes to the exporter resource (port, restart policy, ...); null for none.</param>
    /// <param name="exporterName">The exporter's resource name; null for <c>{server}-exporter</c>.</param>
    /// <param name="port">The port of its HTTP endpoint; null (the default) for a free one: Debian's own exporter service may hold 9187.</param>
    /// <returns>The server's builder.</returns>
    /// <example><code>postgres.WithPostgresExporter();   // postgres-exporter, scraped by AddPrometheus</code></example>
    public static IResourceBuilder<PostgresExecutableResource> WithPostgresExporter(this IResourceBuilder<PostgresExecutableResource> builder,
        Action<IResourceBuilder<PostgresExporterResource>>? configureExporter = null, [ResourceName] string? exporterName = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var server = builder.Resource;
        var exporter = AddExporter(builder, new PostgresExporterResource(exporterName ?? $"{server.Name}-exporter", server, builder.ApplicationBuilder.AppHostDirectory),
                "--web.listen-address", PostgresExporterResource.DebianInstallCommand, port)
            .WithEnvironment(context =>
            {
                var endpoint = server.PrimaryEndpoint;
                context.EnvironmentVariables["DATA_SOURCE_URI"] = ReferenceExpression.Create(
                    $"{endpoint.Property(EndpointProperty.IPV4Host)}:{endpoint.Property(EndpointProperty.Port)}/postgres?sslmode=disable");
                context.EnvironmentVariables["DATA_SOURCE_USER"] = server.UserNameReference;
                context.EnvironmentVariables["DATA_SOURCE_PASS"] = server.PasswordParameter;
            });
        configureExporter?.Invoke(exporter);
        return builder;
    }

    /// <summary>
    /// Adds <c>{server}-exporter</c> running <c>prometheus-redis-exporter -web.listen-address=127.0.0.1:{port}</c> with
    /// <c>REDIS_ADDR=redis://{host}:{port}</c> and <c>REDIS_PASSWORD</c> (the server's password parameter). It waits
    /// for the server to be healthy, is shown as its child, and is healthy when its HTTP endpoint answers <c>/</c>. A
    /// missing executable fails its start (FailedToStart) naming <c>apt-get install -y prometheus-redis-exporter</c>.
    /// </summary>
    /// <param name="builder">The Redis server.</param>
    /// <param name="configureExporter">Changes to the exporter resource; null for none.</param>
    /// <param name="exporterName">The exporter's resource name; null for <c>{server}-exporter</c>.</param>
    /// <param name="port">The port of its HTTP endpoint; null (the default) for a free one: Debian's own exporter service may hold 9121.</param>
    /// <returns>The server's builder.</returns>
    /// <example><code>redis.WithRedisExporter();   // redis-exporter, scraped by AddPrometheus</code></example>
    public static IResourceBuilder<RedisExecutableResource> WithRedisExporter(this IResourceBuilder<RedisExecutableResource> builder,
        Action<IResourceBuilder<RedisExporterResource>>? configureExporter = null, [ResourceName] string? exporterName = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var server = builder.Resource;
        var exporter = AddExporter(builder, new RedisExporterResource(exporterName ?? $"{server.Name}-exporter", server, builder.ApplicationBuilder.AppHostDirectory),
                "-web.listen-address", RedisExporterResource.DebianInstallCommand, port)
            .WithEnvironment(context =>
            {
                var endpoint = server.PrimaryEndpoint;
                context.EnvironmentVariables["REDIS_ADDR"] = ReferenceExpression.Create(
                    $"redis://{endpoint.Property(EndpointProperty.IPV4Host)}:{endpoint.Property(EndpointProperty.Port)}");
                context.EnvironmentVariables["REDIS_PASSWORD"] = server.PasswordParameter;
            });
        configureExporter?.Invoke(exporter);
        return builder;
    }

    /// <summary>What both exporters share: endpoint on loopback, install check, health, metrics, parent, wait.</summary>
    private static IResourceBuilder<TExporter> AddExporter<TExporter, TServer>(IResourceBuilder<TServer> server, TExporter exporter,
        string listenAddressFlag, string installCommand, int? port)
        where TExporter : ExecutableResource
        where TServer : class, IResource
    {
        var http = new EndpointReference(exporter, HttpEndpointName);
        return server.ApplicationBuilder.AddResource(exporter)
            .WithIconName("DataHistogram")
            .WithHttpEndpoint(port: port, name: HttpEndpointName)
            .WithArgs(context => context.Args.Add(
                ReferenceExpression.Create($"{listenAddressFlag}=127.0.0.1:{http.Property(EndpointProperty.TargetPort)}")))
            .OnBeforeResourceStarted((resource, @event, _) =>
            {
                if (ExecutableSearch.Find(resource.Command) is null)
                {
                    throw ResourceStartFailure.Create(@event.Services, resource,
                        $"Resource '{resource.Name}' cannot start: '{resource.Command}' is not installed (not found on PATH). " +
                        $"Install it with: {installCommand}");
                }

                return Task.CompletedTask;
            })
            .WithHttpHealthCheck("/", endpointName: HttpEndpointName)
            .WithMetricsEndpoint(endpointName: HttpEndpointName)
            .WithParentRelationship(server.Resource)
            .WaitFor(server);
    }
}
