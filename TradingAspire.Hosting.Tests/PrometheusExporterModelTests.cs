namespace TradingAspire.Hosting.Tests;

/// <summary>WithPostgresExporter and WithRedisExporter: the resources, their arguments and environment, without processes.</summary>
public sealed class PrometheusExporterModelTests
{
    [Fact]
    public async Task The_postgres_exporter_listens_on_loopback_and_gets_the_server_and_its_credentials_by_environment()
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.Configuration["Parameters:postgres-password"] = "pg secret/1";
        var postgres = builder.AddPostgresExecutable("postgres", port: 5432).WithPostgresExporter();
        var (exporter, args, environment) = await AllocatedAsync<PostgresExporterResource>(builder, postgres.Resource, 5432, 19187);
        Assert.Same(postgres.Resource, exporter.Server);

        Assert.Equal(("postgres-exporter", "prometheus-postgres-exporter"), (exporter.Name, exporter.Command));
        Assert.Equal(["--web.listen-address=127.0.0.1:19187"], args);
        Assert.Equal(("127.0.0.1:5432/postgres?sslmode=disable", "postgres", "pg secret/1"),
            (environment["DATA_SOURCE_URI"], environment["DATA_SOURCE_USER"], environment["DATA_SOURCE_PASS"]));
    }

    [Fact]
    public async Task The_redis_exporter_listens_on_loopback_and_gets_the_server_and_its_password_by_environment()
    {
        var builder = PostgresModelTests.CreateBuilder();
        var redis = builder.AddRedisExecutable("redis", port: 6379, password: builder.AddParameter("redis-password", "redis-secret", secret: true)).WithRedisExporter();
        var (exporter, args, environment) = await AllocatedAsync<RedisExporterResource>(builder, redis.Resource, 6379, 19121);

        Assert.Equal(("redis-exporter", "prometheus-redis-exporter", redis.Resource), (exporter.Name, exporter.Command, exporter.Server));
        Assert.Equal(["-web.listen-address=127.0.0.1:19121"], args);
        Assert.Equal(("redis://127.0.0.1:6379", "redis-secret"), (environment["REDIS_ADDR"], environment["REDIS_PASSWORD"]));
    }

    [Fact]
    public async Task Prometheus_scrapes_the_exporters_metrics_endpoints()
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.AddPostgresExecutable("postgres").WithPostgresExporter();
        builder.AddRedisExecutable("cache").WithRedisExporter(exporterName: "cache-metrics");
        ModelEndpoints.Allocate(builder.Resources.OfType<PostgresExporterResource>().Single(), "http", 19187);
        ModelEndpoints.Allocate(builder.Resources.OfType<RedisExporterResource>().Single(), "http", 19121);

        var targets = await PrometheusBuilderExtensions.ResolveTargetsAsync(builder.Resources, CancellationToken.None);

        Assert.Equal(
            [new PrometheusScrapeTarget("postgres-exporter", "http", "localhost:19187", "/metrics"), new PrometheusScrapeTarget("cache-metrics", "http", "localhost:19121", "/metrics")],
            targets);
    }

    [Fact]
    public void The_exporter_takes_a_port_name_and_further_configuration()
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.AddPostgresExecutable("postgres")
            .WithPostgresExporter(exporter => exporter.WithEnvironment("PG_EXPORTER_DISABLE_SETTINGS_METRICS", "true"), "pg-metrics", port: 9187);
        var exporter = builder.Resources.OfType<PostgresExporterResource>().Single();

        Assert.Equal("pg-metrics", exporter.Name);
        Assert.Equal(9187, exporter.Annotations.OfType<EndpointAnnotation>().Single().Port);
        Assert.Equal(2, exporter.Annotations.OfType<EnvironmentCallbackAnnotation>().Count());
    }

    /// <summary>The one exporter of <typeparamref name="TExporter"/> and <paramref name="server"/> on allocated ports, checked to sit beside its server: the exporter, its arguments and environment.</summary>
    private static async Task<(TExporter Exporter, string[] Args, Dictionary<string, string> Environment)> AllocatedAsync<TExporter>(
        IDistributedApplicationBuilder builder, IResourceWithEndpoints server, int serverPort, int exporterPort) where TExporter : ExecutableResource
    {
        var exporter = builder.Resources.OfType<TExporter>().Single();
        ModelEndpoints.Allocate(server, "tcp", serverPort);
        ModelEndpoints.Allocate(exporter, "http", exporterPort);
        Assert.Contains(exporter.Annotations.OfType<WaitAnnotation>(), w => w.Resource == server && w.WaitType == WaitType.WaitUntilHealthy);
        Assert.Contains(exporter.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == server && r.Type == "Parent");
        Assert.Equal(new MetricsEndpointAnnotation("/metrics", "http"), exporter.Annotations.OfType<MetricsEndpointAnnotation>().Single());
        Assert.Single(exporter.Annotations.OfType<HealthCheckAnnotation>());
        var endpoint = exporter.Annotations.OfType<EndpointAnnotation>().Single();
        Assert.Equal(("http", "http", (int?)null), (endpoint.Name, endpoint.UriScheme, endpoint.Port));
        return (exporter, await PythonModelTests.ArgsAsync(exporter), await PythonModelTests.EnvironmentAsync(exporter));
    }
}
