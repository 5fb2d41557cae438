using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Hosting.Node;
using TradingAspire.Hosting.Orchestration;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Unit;

public sealed class NodeResourceTests : IDisposable
{
    private readonly DirectoryInfo _app = Directory.CreateTempSubdirectory("ta-node-");

    public void Dispose() => _app.Delete(recursive: true);

    [Fact]
    public void InstallIsNeededWithoutNodeModules()
        => Assert.True(NpmInstallStep.IsNeeded(_app.FullName));

    [Fact]
    public void InstallIsNeededWhenTheLockFileIsNewerThanNodeModules()
    {
        var modules = Directory.CreateDirectory(Path.Combine(_app.FullName, "node_modules"));
        Directory.SetLastWriteTimeUtc(modules.FullName, DateTime.UtcNow.AddMinutes(-5));
        File.WriteAllText(Path.Combine(_app.FullName, "package-lock.json"), "{}");

        Assert.True(NpmInstallStep.IsNeeded(_app.FullName));
    }

    [Fact]
    public void InstallIsSkippedWhenNodeModulesIsUpToDate()
    {
        File.WriteAllText(Path.Combine(_app.FullName, "package-lock.json"), "{}");
        File.SetLastWriteTimeUtc(Path.Combine(_app.FullName, "package-lock.json"), DateTime.UtcNow.AddMinutes(-5));
        Directory.CreateDirectory(Path.Combine(_app.FullName, "node_modules"));

        Assert.False(NpmInstallStep.IsNeeded(_app.FullName));
    }

    [Fact]
    public async Task ViteRunsDirectlyOnLoopbackWithTheEndpointPort()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddViteApp("trading-ui", _app.FullName).WithHttpEndpoint(port: 5173, env: "PORT");
        await using var app = builder.Build();
        var resource = (ExecutableResource)app.Model.Find("trading-ui")!;
        resource.Annotations.OfType<EndpointAnnotation>().Single().AllocatedEndpoint = new AllocatedEndpoint("http", "127.0.0.1", 5199);

        var args = await app.Services.GetRequiredService<ProcessEnvironmentBuilder>().BuildArgsAsync(resource, CancellationToken.None);

        Assert.Equal(Path.Combine(_app.FullName, "node_modules", ".bin", "vite"), resource.Command);
        Assert.Equal(["--host", "127.0.0.1", "--port", "5199", "--strictPort"], args);
    }

    [Fact]
    public async Task AFailingNpmInstallIsReportedWithNpmsOwnError()
    {
        File.WriteAllText(Path.Combine(_app.FullName, "package.json"), "{ this is not json");
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddNpmApp("web", _app.FullName);
        await using var app = builder.Build();

        await app.StartAsync();
        var failed = await app.ResourceNotifications.WaitForResourceAsync("web", KnownResourceStates.FailedToStart).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.StartsWith($"npm install failed in {_app.FullName} with exit code", failed.Snapshot.StateDetail);
        Assert.Contains("JSON", failed.Snapshot.StateDetail, StringComparison.OrdinalIgnoreCase);
    }
}
