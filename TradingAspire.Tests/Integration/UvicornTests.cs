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
}
