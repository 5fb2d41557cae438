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

    [Fact]
    public async Task WithPythonPath_folders_outside_the_app_widen_the_build_context_of_one_stage_to_their_common_ancestor()
    {
        var (app, common) = (Directory.CreateDirectory(Path.Combine(_app, "worker")).FullName, Directory.CreateDirectory(Path.Combine(_app, "common")).FullName);
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = ["--operation", "publish"], DisableDashboard = true });
        builder.AddPythonModule("worker", app, "worker").WithPythonPath("../common");
        await using var built = builder.Build();

        var container = Assert.IsAssignableFrom<ContainerResource>(Assert.Single(builder.Resources, r => r.Name == "worker"));
        var build = Assert.Single(container.Annotations.OfType<DockerfileBuildAnnotation>());
        var dockerfile = await build.DockerfileFactory!(new DockerfileFactoryContext { Services = built.Services, Resource = container, CancellationToken = CancellationToken.None });
        var lines = dockerfile.Split('\n', StringSplitOptions.TrimEntries);
        Assert.True(lines.Count(line => line.StartsWith("FROM ", StringComparison.Ordinal)) == 1, dockerfile);
        Assert.Equal(Path.TrimEndingDirectorySeparator(_app), Path.TrimEndingDirectorySeparator(build.ContextPath));
        var sources = lines.Where(line => line.StartsWith("COPY ", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(t => !t.StartsWith("--", StringComparison.Ordinal)).SkipLast(1).Single()).ToList();
        Assert.DoesNotContain(sources, source => source.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(source));  // docker refuses a source outside the context
        Assert.Equal([app, common], sources.Select(source => Path.TrimEndingDirectorySeparator(Path.GetFullPath(source, build.ContextPath))));
        Assert.Contains("ENV PYTHONPATH=/opt/python/common", dockerfile);
    }

    public void Dispose() => Directory.Delete(_app, recursive: true);
}
