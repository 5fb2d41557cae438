namespace Aspire.Hosting;

/// <summary>
/// Debian's postgres_exporter and redis_exporter as <c>{server}-exporter</c> children of their server (as Aspire's
/// <c>WithPgAdmin</c>): each waits for the server, gets its credentials by environment variable (never on its command
/// line), listens on 127.0.0.1, is healthy when <c>/</c> answers, and declares <c>/metrics</c> for <c>AddPrometheus</c>.
/// </summary>
public static class PrometheusExporterBuilderExtensions
{
    /// <summary>The exporters' HTTP endpoint.</summary>
    public const string HttpEndpointName = "http";

    /// <summary>
    /// Adds <c>prometheus-postgres-exporter</c> with <c>DATA_SOURCE_URI={host}:{port}/postgres?sslmode=disable</c>,
    /// <c>DATA_SOURCE_USER</c> and <c>DATA_SOURCE_PASS</c> (the exporter escapes them into its URL itself).
    /// </summary>
    /// <param name="builder">The PostgreSQL server.</param>
    /// <param name="configureExporter">Changes to the exporter resource (port, restart policy, ...); null for none.</param>
    /// <param name="exporterName">The exporter's resource name; null for <c>{server}-exporter</c>.</param>
    /// <param name="port">The port of its HTTP endpoint; null for a free one (Debian's own exporter service may hold 9187).</param>
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

    /// <summary>Adds <c>prometheus-redis-exporter</c> with <c>REDIS_ADDR=redis://{host}:{port}</c> and <c>REDIS_PASSWORD</c>.</summary>
    /// <param name="builder">The Redis server.</param>
    /// <param name="configureExporter">Changes to the exporter resource; null for none.</param>
    /// <param name="exporterName">The exporter's resource name; null for <c>{server}-exporter</c>.</param>
    /// <param name="port">The port of its HTTP endpoint; null for a free one (Debian's own exporter service may hold 9121).</param>
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
            .WithArgs(ReferenceExpression.Create($"{listenAddressFlag}=127.0.0.1:{http.Property(EndpointProperty.TargetPort)}"))
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
