namespace Aspire.Hosting;

/// <summary>
/// <c>WithPostgresExporter</c> and <c>WithRedisExporter</c> (ours; Aspire has no exporter integration): Debian's
/// postgres_exporter and redis_exporter as executable resources beside their server, in the manner of Aspire's
/// <c>WithPgAdmin</c>/<c>WithRedisInsight</c>. Each waits for its server to be healthy, is shown as its child, reads the
/// server's credentials from the server's own parameters through environment variables (never its command line),
/// listens on 127.0.0.1 only, is healthy when its HTTP endpoint answers <c>/</c>, and declares <c>/metrics</c> with
/// <c>WithMetricsEndpoint</c>, so every <c>AddPrometheus</c> resource scrapes it. A missing executable fails its start
/// (FailedToStart) naming its <c>apt-get install</c> line.
/// </summary>
public static class PrometheusExporterBuilderExtensions
{
    /// <summary>The exporters' HTTP endpoint.</summary>
    public const string HttpEndpointName = "http";

    /// <summary>
    /// Adds <c>{server}-exporter</c> running <c>prometheus-postgres-exporter --web.listen-address=127.0.0.1:{port}</c>
    /// with <c>DATA_SOURCE_URI={host}:{port}/postgres?sslmode=disable</c>, <c>DATA_SOURCE_USER</c> and
    /// <c>DATA_SOURCE_PASS</c> (the server's superuser and password parameter; the exporter builds and escapes the
    /// URL itself).
    /// </summary>
    /// <param name="builder">The PostgreSQL server.</param>
    /// <param name="configureExporter">Changes to the exporter resource (port, restart policy, ...); null for none.</param>
    /// <param name="exporterName">The exporter's resource name; null for <c>{server}-exporter</c>.</param>
    /// <param name="port">The port of its HTTP endpoint; null (the default) for a free one: Debian's own exporter service may hold 9187.</param>
    /// <returns>The server's builder.</returns>
    /// <example><code>postgres.WithPostgresExporter();   // postgres-exporter, scraped by AddPrometheus</code></example>
    public static IResourceBuilder<PostgresExecutableResource> WithPostgresExporter(this IResourceBuilder<PostgresExecutableResource> builder,
        Action<IResourceBuilder<PostgresExporterResource>>? configureExporter = null, [ResourceName] string? exporterName = null, int? port = null)
        => AddExporter(builder, server => new PostgresExporterResource(exporterName ?? $"{server.Name}-exporter", server, builder.ApplicationBuilder.AppHostDirectory),
            "--web.listen-address", PostgresExporterResource.DebianInstallCommand, port, configureExporter, (server, environment) =>
            {
                environment["DATA_SOURCE_URI"] = ReferenceExpression.Create($"{server.Host}:{server.Port}/postgres?sslmode=disable");
                environment["DATA_SOURCE_USER"] = server.UserNameReference;
                environment["DATA_SOURCE_PASS"] = server.PasswordParameter;
            });

    /// <summary>
    /// Adds <c>{server}-exporter</c> running <c>prometheus-redis-exporter -web.listen-address=127.0.0.1:{port}</c> with
    /// <c>REDIS_ADDR=redis://{host}:{port}</c> and <c>REDIS_PASSWORD</c> (the server's password parameter).
    /// </summary>
    /// <param name="builder">The Redis server.</param>
    /// <param name="configureExporter">Changes to the exporter resource; null for none.</param>
    /// <param name="exporterName">The exporter's resource name; null for <c>{server}-exporter</c>.</param>
    /// <param name="port">The port of its HTTP endpoint; null (the default) for a free one: Debian's own exporter service may hold 9121.</param>
    /// <returns>The server's builder.</returns>
    /// <example><code>redis.WithRedisExporter();   // redis-exporter, scraped by AddPrometheus</code></example>
    public static IResourceBuilder<RedisExecutableResource> WithRedisExporter(this IResourceBuilder<RedisExecutableResource> builder,
        Action<IResourceBuilder<RedisExporterResource>>? configureExporter = null, [ResourceName] string? exporterName = null, int? port = null)
        => AddExporter(builder, server => new RedisExporterResource(exporterName ?? $"{server.Name}-exporter", server, builder.ApplicationBuilder.AppHostDirectory),
            "-web.listen-address", RedisExporterResource.DebianInstallCommand, port, configureExporter, (server, environment) =>
            {
                environment["REDIS_ADDR"] = ReferenceExpression.Create($"redis://{server.Host}:{server.Port}");
                environment["REDIS_PASSWORD"] = server.PasswordParameter;
            });

    private static IResourceBuilder<TServer> AddExporter<TExporter, TServer>(IResourceBuilder<TServer> server, Func<TServer, TExporter> create,
        string listenAddressFlag, string installCommand, int? port, Action<IResourceBuilder<TExporter>>? configure,
        Action<TServer, Dictionary<string, object>> environment)
        where TExporter : ExecutableResource
        where TServer : class, IResource
    {
        ArgumentNullException.ThrowIfNull(server, "builder");
        var exporter = create(server.Resource);
        var http = new EndpointReference(exporter, HttpEndpointName);
        var exporterBuilder = server.ApplicationBuilder.AddResource(exporter)
            .WithIconName("DataHistogram")
            .WithHttpEndpoint(port: port, name: HttpEndpointName)
            .WithArgs(context => context.Args.Add(
                ReferenceExpression.Create($"{listenAddressFlag}=127.0.0.1:{http.Property(EndpointProperty.TargetPort)}")))
            .WithEnvironment(context => environment(server.Resource, context.EnvironmentVariables))
            .WithInstallCheck($"Install it with: {installCommand}")
            .WithHttpHealthCheck("/", endpointName: HttpEndpointName)
            .WithMetricsEndpoint(endpointName: HttpEndpointName)
            .WithParentRelationship(server.Resource)
            .WaitFor(server);
        configure?.Invoke(exporterBuilder);
        return server;
    }
}
