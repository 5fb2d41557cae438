using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Hosting.Orchestration;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Unit;

public sealed class EnvironmentInjectionTests
{
    private static async Task<(Dictionary<string, string> Variables, HashSet<string> Secrets)> EnvironmentOf(
        IDistributedApplicationBuilder builder, string resourceName, Action<TelemetryEndpoints>? telemetry = null)
    {
        await using var app = builder.Build();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var endpoint in model.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()))
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint.UriScheme, "127.0.0.1", endpoint.Port ?? 40000);
        }

        telemetry?.Invoke(app.Services.GetRequiredService<TelemetryEndpoints>());
        return await app.Services.GetRequiredService<ProcessEnvironmentBuilder>()
            .BuildEnvironmentAsync(model.Find(resourceName)!, $"{resourceName}-1", CancellationToken.None);
    }

    [Fact]
    public async Task ReferencingAServiceInjectsServiceDiscoveryAndEndpointUrl()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        var gateway = builder.AddExecutable("gateway", "true", ".").WithHttpEndpoint(port: 3000);
        builder.AddExecutable("trading-api", "true", ".").WithReference(gateway);

        var (variables, _) = await EnvironmentOf(builder, "trading-api");

        Assert.Equal("http://127.0.0.1:3000", variables["services__gateway__http__0"]);
        Assert.Equal("http://127.0.0.1:3000", variables["GATEWAY_HTTP"]);
    }

    [Fact]
    public async Task ReferencingAConnectionStringInjectsItsAliasPropertiesAndMarksSecrets()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        var db = builder.AddResource(new FakeConnectionStringResource("trading-db"));
        builder.AddExecutable("gateway", "true", ".").WithReference(db);

        var (variables, secrets) = await EnvironmentOf(builder, "gateway");

        const string expected = "Host=127.0.0.1;Port=5432;Username=postgres;Password=s3cret;Database=trading";
        Assert.Equal(expected, variables["ConnectionStrings__trading-db"]);
        Assert.Equal(expected, variables["ConnectionStrings__trading_db"]);
        Assert.Equal("127.0.0.1", variables["TRADING_DB_HOST"]);
        Assert.Equal("5432", variables["TRADING_DB_PORT"]);
        Assert.Equal("postgres", variables["TRADING_DB_USERNAME"]);
        Assert.Equal("postgresql://postgres:s3cret@127.0.0.1:5432/trading", variables["TRADING_DB_URI"]);
        Assert.Contains("ConnectionStrings__trading-db", secrets);
        Assert.Contains("TRADING_DB_PASSWORD", secrets);
        Assert.DoesNotContain("DATABASE_URL", variables.Keys);
    }

    [Fact]
    public async Task PythonStyleResourcesAlsoGetTheSeedEraVariables()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        var db = builder.AddResource(new FakeConnectionStringResource("trading"));
        builder.AddExecutable("trading-api", "true", ".").WithReference(db).WithAnnotation(new LegacyConnectionVariablesAnnotation());

        var (variables, secrets) = await EnvironmentOf(builder, "trading-api");

        Assert.Equal("postgresql://postgres:s3cret@127.0.0.1:5432/trading", variables["DATABASE_URL"]);
        Assert.Contains("DATABASE_URL", secrets);
    }

    [Fact]
    public async Task TheEndpointPortIsPassedThroughTheDeclaredVariable()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddExecutable("trading-api", "true", ".").WithHttpEndpoint(port: 8000, env: "PORT");

        var (variables, _) = await EnvironmentOf(builder, "trading-api");

        Assert.Equal("8000", variables["PORT"]);
    }

    [Fact]
    public async Task TelemetryVariablesNameTheResourceAndCarryTheApiKey()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddExecutable("gateway", "true", ".");
        builder.AddExecutable("strategy", "true", ".").WithAnnotation(new OtlpExporterAnnotation("http/json"));
        void Telemetry(TelemetryEndpoints t)
        {
            t.GrpcEndpoint = new Uri("http://127.0.0.1:18889");
            t.HttpEndpoint = new Uri("http://127.0.0.1:18890");
            t.ApiKey = "key123";
        }

        var (gateway, secrets) = await EnvironmentOf(builder, "gateway", Telemetry);

        Assert.Equal("http://127.0.0.1:18889", gateway["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", gateway["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("x-otlp-api-key=key123", gateway["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal("gateway", gateway["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=gateway-1", gateway["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("1000", gateway["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", gateway["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", gateway["OTEL_METRIC_EXPORT_INTERVAL"]);
        Assert.Contains("OTEL_EXPORTER_OTLP_HEADERS", secrets);
    }

    [Fact]
    public async Task PythonExportersGetTheHttpEndpoint()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddExecutable("strategy", "true", ".").WithAnnotation(new OtlpExporterAnnotation("http/json"));

        var (variables, _) = await EnvironmentOf(builder, "strategy", t =>
        {
            t.GrpcEndpoint = new Uri("http://127.0.0.1:18889");
            t.HttpEndpoint = new Uri("http://127.0.0.1:18890");
        });

        Assert.Equal("http://127.0.0.1:18890", variables["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/json", variables["OTEL_EXPORTER_OTLP_PROTOCOL"]);
    }

    [Fact]
    public async Task WithoutADashboardNoTelemetryVariablesAreSet()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddExecutable("gateway", "true", ".");

        var (variables, _) = await EnvironmentOf(builder, "gateway");

        Assert.DoesNotContain(variables.Keys, k => k.StartsWith("OTEL_", StringComparison.Ordinal));
    }
}
