using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Hosting.Orchestration;
using TradingAspire.Hosting.Python;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Unit;

public sealed class PythonResourceTests
{
    [Fact]
    public void RequirementsMapImportNamesToDebianPackages()
    {
        var requirements = PythonRequirements.Parse(["# comment", "fastapi  # debian: python3-fastapi", "prometheus_client>=0.16", "", "redis # debian: python3-redis"]);

        Assert.Equal([("fastapi", "python3-fastapi"), ("prometheus_client", "python3-prometheus-client"), ("redis", "python3-redis")], requirements);
    }

    [Fact]
    public void MissingModulesMessageGivesTheExactInstallLine()
        => Assert.Equal(
            "Resource 'trading-api' needs Python modules that /usr/bin/python3 cannot import: fastapi, asyncpg. " +
            "Install them with: sudo apt-get install -y python3-fastapi python3-asyncpg (PyPI is not used; or run ./eng/install-prerequisites.sh).",
            PythonModuleCheck.MissingModulesMessage("trading-api", "/usr/bin/python3", [("fastapi", "python3-fastapi"), ("asyncpg", "python3-asyncpg")]));

    [Fact]
    public async Task TheCheckFindsModulesTheInterpreterCannotImport()
    {
        var missing = await PythonModuleCheck.FindMissingAsync(FixtureApplication.Python, ["json", "no_such_module_tradingaspire"], CancellationToken.None);

        Assert.Equal(["no_such_module_tradingaspire"], missing);
    }

    [Fact]
    public void TheAppsVirtualEnvironmentWinsOverDebiansPython()
    {
        var app = Directory.CreateTempSubdirectory("ta-python-");
        try
        {
            Assert.Equal("/usr/bin/python3", PythonInterpreter.For(app.FullName));
            Directory.CreateDirectory(Path.Combine(app.FullName, ".venv", "bin"));
            File.WriteAllText(Path.Combine(app.FullName, ".venv", "bin", "python"), "");

            Assert.Equal(Path.Combine(app.FullName, ".venv", "bin", "python"), PythonInterpreter.For(app.FullName));
        }
        finally
        {
            app.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UvicornBindsLoopbackOnTheEndpointPortWithReloadInDevelopment()
    {
        await using var builder = FixtureApplication.CreateBuilder();
        builder.AddUvicornApp("trading-api", ".", "trading_api.main:app").WithHttpEndpoint(port: 8000, env: "PORT");
        await using var app = builder.Build();
        var resource = app.Model.Find("trading-api")!;
        resource.Annotations.OfType<EndpointAnnotation>().Single().AllocatedEndpoint = new AllocatedEndpoint("http", "127.0.0.1", 8123);
        var environmentBuilder = app.Services.GetRequiredService<ProcessEnvironmentBuilder>();

        var args = await environmentBuilder.BuildArgsAsync(resource, CancellationToken.None);
        var (variables, _) = await environmentBuilder.BuildEnvironmentAsync(resource, "trading-api-1", CancellationToken.None);

        Assert.Equal([UvicornLauncher.ScriptPath, "trading_api.main:app", "--host", "127.0.0.1", "--port", "8123", "--reload", "--reload-dir", RepositoryPaths.AppHostDirectory], args);
        Assert.Equal("8123", variables["PORT"]);
        Assert.Equal("1", variables["PYTHONUNBUFFERED"]);
    }

    [Fact]
    public async Task AMissingModuleStopsThePythonAppWithTheInstallLine()
    {
        var appDirectory = Directory.CreateTempSubdirectory("ta-python-app-");
        try
        {
            File.WriteAllLines(Path.Combine(appDirectory.FullName, "requirements.txt"), ["no_such_module_tradingaspire  # debian: python3-no-such-module"]);
            await using var builder = FixtureApplication.CreateBuilder();
            builder.AddPythonApp("strategy", appDirectory.FullName, "strategy");
            await using var app = builder.Build();

            await app.StartAsync();
            var failed = await app.ResourceNotifications.WaitForResourceAsync("strategy", KnownResourceStates.FailedToStart).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Contains("cannot import: no_such_module_tradingaspire. Install them with: sudo apt-get install -y python3-no-such-module", failed.Snapshot.StateDetail);
        }
        finally
        {
            appDirectory.Delete(recursive: true);
        }
    }
}
