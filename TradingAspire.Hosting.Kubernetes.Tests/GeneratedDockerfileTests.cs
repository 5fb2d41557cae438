#pragma warning disable ASPIREDOCKERFILEBUILDER001
using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>A Python app without a Dockerfile of its own publishes with one generated from the app (as Aspire 13's integration does).</summary>
public sealed class GeneratedDockerfileTests : IDisposable
{
    private readonly string _app = Directory.CreateTempSubdirectory("tradingaspire-pyapp-").FullName;

    [Fact]
    public async Task A_Python_app_without_a_Dockerfile_gets_a_Debian_one_with_the_packages_of_its_requirements()
    {
        File.WriteAllText(Path.Combine(_app, "requirements.txt"), "redis  # debian: python3-redis\nhttpx\n");
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = ["--operation", "publish"], DisableDashboard = true });
        builder.AddPythonModule("worker", _app, "worker");
        await using var app = builder.Build();

        var container = Assert.IsAssignableFrom<ContainerResource>(Assert.Single(builder.Resources, r => r.Name == "worker"));
        var build = Assert.Single(container.Annotations.OfType<DockerfileBuildAnnotation>());
        Assert.Equal(Path.TrimEndingDirectorySeparator(_app), Path.TrimEndingDirectorySeparator(build.ContextPath));
        var dockerfile = await build.DockerfileFactory!(new DockerfileFactoryContext { Services = app.Services, Resource = container, CancellationToken = CancellationToken.None });
        Assert.Contains("FROM debian:bookworm-slim", dockerfile);
        Assert.Contains("apt-get install -y --no-install-recommends python3 python3-redis python3-httpx", dockerfile);
        Assert.Contains("ENTRYPOINT [\"python3\",\"-m\",\"worker\"]", dockerfile.Replace(", ", ",", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_app, recursive: true);
}
