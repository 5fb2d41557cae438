using TradingAspire.Hosting.Testing;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Integration;

/// <summary>Real uvicorn (Debian's) under the hosting layer, in both modes: --reload (Development) and --workers (Production).</summary>
[Trait("Category", "Integration")]
public sealed class UvicornTests
{
    private static readonly string AppDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "asgi_app");

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task TheAppIsServedAndHealthy(string environment)
    {
        await using var builder = FixtureApplication.CreateBuilder(settings => settings["environment"] = environment);
        builder.AddUvicornApp("api", AppDirectory, "fixture_asgi:app").WithHttpEndpoint(env: "PORT").WithHttpHealthCheck("/");
        await using var app = builder.Build();

        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(TimeSpan.FromSeconds(60));

        using var client = app.CreateHttpClient("api");
        Assert.StartsWith("served by ", await client.GetStringAsync("/"));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task AConfigurationErrorInTheServerProcessEndsTheResourceWithExitCode2AndTheMessage(string environment)
    {
        await using var builder = FixtureApplication.CreateBuilder(settings => settings["environment"] = environment);
        builder.AddUvicornApp("api", AppDirectory, "fixture_asgi:app").WithHttpEndpoint(env: "PORT").WithHttpHealthCheck("/")
            .WithEnvironment("FIXTURE_CONFIG_ERROR", "DATABASE_URL is not set")
            .WithRestartPolicy(RestartPolicy.Never);
        await using var app = builder.Build();

        await app.StartAsync();
        var exited = await app.ResourceNotifications.WaitForResourceAsync("api", KnownResourceStates.Exited).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exited.Snapshot.ExitCode);
        Assert.Contains(app.ResourceLogs.Tail("api", 50), line => line.IsError && line.Text == "configuration error: DATABASE_URL is not set");
    }

    [Theory]
    [InlineData("mysql://trader@127.0.0.1:3306/trading", "services__gateway__http__0", "http://127.0.0.1:3000",
        "configuration error: Invalid DATABASE_URL format. Expected: postgresql://user:password@host:port/database (example: postgresql://postgres:secret@127.0.0.1:5432/trading). Got: 'mysql://trader@127.0.0.1:3306/trading'")]
    [InlineData("postgresql://trader:pw@127.0.0.1:5432/trading", "services__gateway__http__0", "ftp://gateway",
        "configuration error: Invalid services__gateway__http__0. Expected: http://host:port (example: http://127.0.0.1:3000). Got: 'ftp://gateway'")]
    public async Task TheTradingApiWithBadSettingsStopsWithTheMessageAndExitCode2(string databaseUrl, string gatewayVariable, string gatewayUrl, string message)
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddUvicornApp("trading-api", "../apps/trading-api", "trading_api.main:app").WithHttpEndpoint(env: "PORT").WithHttpHealthCheck("/health")
            .WithPythonPath("../apps/common")
            .WithEnvironment("DATABASE_URL", databaseUrl)
            .WithEnvironment("REDIS_URL", "redis://:pw@127.0.0.1:6379")
            .WithEnvironment(gatewayVariable, gatewayUrl)
            .WithRestartPolicy(RestartPolicy.Never);
        await using var app = builder.Build();

        await app.StartAsync();
        var exited = await app.ResourceNotifications.WaitForResourceAsync("trading-api", KnownResourceStates.Exited).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exited.Snapshot.ExitCode);
        Assert.Contains(app.ResourceLogs.Tail("trading-api", 50), line => line.IsError && line.Text == message);
    }
}
