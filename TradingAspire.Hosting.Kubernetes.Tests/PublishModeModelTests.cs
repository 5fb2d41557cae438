using TradingAspire.TestSupport;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>The AppHost's model in publish mode: Aspire's PostgreSQL and Redis containers, apps as containers built from their Dockerfiles.</summary>
public sealed class PublishModeModelTests
{
    [Fact]
    public async Task Publish_mode_swaps_the_executables_for_deployable_resources_of_the_same_names()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>(["--operation", "publish"], timeout.Token);
        var resources = builder.Resources.ToDictionary(r => r.Name);

        var postgres = Assert.IsType<PostgresServerResource>(resources["postgres"]);
        Assert.Contains(postgres.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume && m.Target == "/var/lib/postgresql");
        Assert.Equal("postgres-password", postgres.PasswordParameter.Name);
        Assert.Equal("trading", Assert.IsType<PostgresDatabaseResource>(resources["trading"]).DatabaseName);
        var redis = Assert.IsType<RedisResource>(resources["redis"]);
        Assert.Equal("redis-password", redis.PasswordParameter!.Name);
        Assert.Contains(redis.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume && m.Target == "/data");

        var root = AppHostProcess.RepositoryRoot();
        foreach (var (name, context, dockerfile) in new[]
        {
            ("trading-api", root, "apps/trading-api/Dockerfile"),
            ("strategy", root, "apps/strategy/Dockerfile"),
            ("trading-ui", Path.Combine(root, "apps", "trading-ui"), "Dockerfile"),
        })
        {
            var container = Assert.IsAssignableFrom<ContainerResource>(resources[name]);
            var build = Assert.Single(container.Annotations.OfType<DockerfileBuildAnnotation>());
            Assert.Equal(Path.TrimEndingDirectorySeparator(context), Path.TrimEndingDirectorySeparator(build.ContextPath));
            Assert.Equal(Path.Combine(context, dockerfile), Path.GetFullPath(build.DockerfilePath, build.ContextPath));
        }

        Assert.DoesNotContain(builder.Resources, r => r is ExecutableResource);
    }
}
