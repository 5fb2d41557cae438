using TradingAspire.Hosting.Testing;

namespace TradingAspire.Tests.Support;

/// <summary>Builders for tests that run <c>Fixtures/fixture_service.py</c> as real child processes.</summary>
internal static class FixtureApplication
{
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static IDistributedApplicationTestingBuilder CreateBuilder(Action<IDictionary<string, string?>>? configure = null)
        => DistributedApplicationTestingBuilder.Create(RepositoryPaths.AppHostDirectory, settings =>
        {
            settings["AppHost:ShutdownTimeoutSeconds"] = "3";
            settings["AppHost:HealthCheckIntervalSeconds"] = "1";
            configure?.Invoke(settings);
        });

    /// <summary>Adds the fixture program as an executable resource.</summary>
    public static IResourceBuilder<ExecutableResource> AddFixture(this IDistributedApplicationBuilder builder, string name, params string[] args)
        => builder.AddExecutable(name, Python, AppContext.BaseDirectory, [RepositoryPaths.FixtureScript, "--name", name, .. args]);

    /// <summary>Adds the fixture as an HTTP service on a free port with a /health check.</summary>
    public static IResourceBuilder<ExecutableResource> AddFixtureService(this IDistributedApplicationBuilder builder, string name, params string[] args)
        => builder.AddFixture(name, ["--serve", .. args]).WithHttpEndpoint(env: "PORT").WithHttpHealthCheck("/health");
}
