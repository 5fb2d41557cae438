using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

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
        var exporter = builder.Resources.OfType<PostgresExporterResource>().Single();
        ModelEndpoints.Allocate(postgres.Resource, "tcp", 5432);
        ModelEndpoints.Allocate(exporter, "http", 19187);

        Assert.Equal(("postgres-exporter", "prometheus-postgres-exporter"), (exporter.Name, exporter.Command));
        Assert.Same(postgres.Resource, exporter.Server);
        Assert.Equal(["--web.listen-address=127.0.0.1:19187"], await PythonModelTests.ArgsAsync(exporter));
        var environment = await PythonModelTests.EnvironmentAsync(exporter);
        Assert.Equal("127.0.0.1:5432/postgres?sslmode=disable", environment["DATA_SOURCE_URI"]);
        Assert.Equal("postgres", environment["DATA_SOURCE_USER"]);
        Assert.Equal("pg secret/1", environment["DATA_SOURCE_PASS"]);
        AssertBesideItsServer(exporter, postgres.Resource);
    }

    [Fact]
    public async Task The_redis_exporter_listens_on_loopback_and_gets_the_server_and_its_password_by_environment()
    {
        var builder = PostgresModelTests.CreateBuilder();
        builder.Configuration["Parameters:redis-password"] = "redis-secret";
        var redis = builder.AddRedisExecutable("redis", port: 6379).WithRedisExporter();
        var exporter = builder.Resources.OfType<RedisExporterResource>().Single();
        ModelEndpoints.Allocate(redis.Resource, "tcp", 6379);
        ModelEndpoints.Allocate(exporter, "http", 19121);

        Assert.Equal(("redis-exporter", "prometheus-redis-exporter"), (exporter.Name, exporter.Command));
        Assert.Equal(["-web.listen-address=127.0.0.1:19121"], await PythonModelTests.ArgsAsync(exporter));
        var environment = await PythonModelTests.EnvironmentAsync(exporter);
        Assert.Equal("redis://127.0.0.1:6379", environment["REDIS_ADDR"]);
        Assert.Equal("redis-secret", environment["REDIS_PASSWORD"]);
        AssertBesideItsServer(exporter, redis.Resource);
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

    private static void AssertBesideItsServer(ExecutableResource exporter, IResource server)
    {
        Assert.Contains(exporter.Annotations.OfType<WaitAnnotation>(), w => w.Resource == server && w.WaitType == WaitType.WaitUntilHealthy);
        Assert.Contains(exporter.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == server && r.Type == "Parent");
        Assert.Equal(new MetricsEndpointAnnotation("/metrics", "http"), exporter.Annotations.OfType<MetricsEndpointAnnotation>().Single());
        Assert.Single(exporter.Annotations.OfType<HealthCheckAnnotation>());
        var endpoint = exporter.Annotations.OfType<EndpointAnnotation>().Single();
        Assert.Equal(("http", "http", (int?)null), (endpoint.Name, endpoint.UriScheme, endpoint.Port));
    }
}
