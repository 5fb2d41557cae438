using Aspire.Hosting.Python;

namespace TradingAspire.Hosting.Tests;

/// <summary>The Python integration's model, without processes: resources, command, arguments, evaluated environment.</summary>
public sealed class PythonModelTests() : TemporaryDirectoryTest("pymodel-")
{
    private const string OtlpHttp = "http://localhost:18890";

    private IDistributedApplicationTestingBuilder CreateBuilder()
    {
        var builder = CreateHeadlessBuilder();
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = OtlpHttp;
        builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:18889";
        builder.Configuration["AppHost:OtlpApiKey"] = "test-key";
        return builder;
    }

    private string AppDirectory(string name)
    {
        var directory = Path.Combine(Root.FullName, name);
        Directory.CreateDirectory(directory);
        return directory;
    }

    [Fact]
    public async Task Module_runs_under_the_reloading_launcher_in_development_and_as_python_dash_m_elsewhere()
    {
        var development = CreateBuilder();
        var reloading = development.AddPythonModule("strategy", AppDirectory("reloading"), "strategy").Resource;
        Assert.Equal([PythonAppResourceBuilderExtensions.Launchers.ModuleReload, "strategy"], await ArgsAsync(reloading));
        Assert.True(File.Exists(PythonAppResourceBuilderExtensions.Launchers.ModuleReload), $"{PythonAppResourceBuilderExtensions.Launchers.ModuleReload} is not beside the assembly");

        var production = CreateHeadlessBuilder("Production");
        var plain = production.AddPythonModule("strategy", AppDirectory("plain"), "strategy").Resource;
        Assert.Equal(["-m", "strategy"], await ArgsAsync(plain));
    }

    [Fact]
    public async Task Module_runs_with_debian_python_and_gets_aspire_python_environment()
    {
        var builder = CreateBuilder();
        var directory = AppDirectory("strategy");
        var strategy = builder.AddPythonModule("strategy", directory, "strategy").Resource;

        Assert.IsType<PythonAppResource>(strategy);
        Assert.Equal("/usr/bin/python3", strategy.Command);
        Assert.Equal(directory, strategy.WorkingDirectory);
        Assert.Equal([PythonAppResourceBuilderExtensions.Launchers.ModuleReload, "strategy"], await ArgsAsync(strategy)); // Development

        var environment = await EnvironmentAsync(strategy);
        Assert.Equal("1", environment["PYTHONUNBUFFERED"]);
        Assert.Equal(OtlpHttp, environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Contains("otel-service-name", environment["OTEL_SERVICE_NAME"]); // DCP fills in the resource's name
        Assert.Equal("x-otlp-api-key=test-key", environment["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal("otlp", environment["OTEL_TRACES_EXPORTER"]);
    }

    [Fact]
    public async Task Script_runs_with_debian_python_its_path_first_then_the_args()
    {
        var builder = CreateBuilder();
        var tool = builder.AddPythonApp("tool", AppDirectory("tool"), "main.py").WithArgs("--once").Resource;

        Assert.Equal("/usr/bin/python3", tool.Command);   // not the python3 on PATH

        Assert.Equal(["main.py", "--once"], await ArgsAsync(tool));
    }

    [Fact]
    public async Task Uvicorn_app_runs_the_supervised_launcher_on_loopback_with_reload_in_development_and_port_in_PORT()
    {
        var builder = CreateBuilder();
        var api = builder.AddUvicornApp("trading-api", AppDirectory("api"), "trading_api.main:app").Resource;
        ModelEndpoints.Allocate(api, "http", 18123);

        Assert.IsType<UvicornAppResource>(api);
        var http = Assert.Single(api.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal("http", http.Name);
        Assert.Equal("/usr/bin/python3", api.Command);

        var args = await ArgsAsync(api);
        Assert.Equal([UvicornLauncherPath, "trading_api.main:app", "--host", "127.0.0.1", "--port", "18123", "--reload"], args);
        Assert.True(File.Exists(UvicornLauncherPath), $"the launcher is copied next to the assembly: {UvicornLauncherPath}");
        Assert.Equal("18123", (await EnvironmentAsync(api))["PORT"]);
    }

    [Fact]
    public async Task Uvicorn_app_has_no_reload_outside_development()
    {
        var builder = CreateHeadlessBuilder("Production");
        var api = builder.AddUvicornApp("api", AppDirectory("prod"), "main:app").Resource;
        ModelEndpoints.Allocate(api, "http", 18124);

        Assert.DoesNotContain("--reload", await ArgsAsync(api));
    }

    [Fact]
    public async Task Uvicorn_workers_are_passed_outside_development_and_ignored_while_reloading()
    {
        var production = CreateHeadlessBuilder("Production");
        var served = production.AddUvicornApp("api", AppDirectory("workers"), "main:app").WithWorkers(3).Resource;
        ModelEndpoints.Allocate(served, "http", 18125);
        Assert.Equal([UvicornLauncherPath, "main:app", "--host", "127.0.0.1", "--port", "18125", "--workers", "3"], await ArgsAsync(served));

        var development = CreateBuilder();
        var reloading = development.AddUvicornApp("api", AppDirectory("workers-dev"), "main:app").WithWorkers(3).Resource;
        ModelEndpoints.Allocate(reloading, "http", 18126);
        Assert.Equal([UvicornLauncherPath, "main:app", "--host", "127.0.0.1", "--port", "18126", "--reload"], await ArgsAsync(reloading));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Uvicorn_workers_outside_1_to_64_are_refused_with_an_example(int workers)
    {
        var builder = CreateBuilder();
        var api = builder.AddUvicornApp("api", AppDirectory("workers-bad"), "main:app");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => api.WithWorkers(workers));
        Assert.Contains("from 1 to 64", error.Message);
        Assert.Contains("WithWorkers(2)", error.Message);
    }

    [Fact]
    public async Task Uvicorn_app_fixed_port_as_the_apphost_declares_it_updates_its_http_endpoint()
    {
        var builder = CreateBuilder();
        var api = builder.AddUvicornApp("api", AppDirectory("fixed"), "main:app").WithHttpEndpoint(port: 8000, env: "PORT").Resource;
        ModelEndpoints.Allocate(api, "http", 8000);

        var http = Assert.Single(api.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(("http", 8000), (http.Name, http.Port));
        Assert.Equal("8000", (await EnvironmentAsync(api))["PORT"]);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("main:")]
    [InlineData(":app")]
    public void Uvicorn_app_reference_must_be_module_colon_attribute(string app)
    {
        var builder = CreateBuilder();
        var error = Assert.Throws<ArgumentException>(() => builder.AddUvicornApp("api", AppDirectory("bad"), app));
        Assert.Contains("module:attribute", error.Message);
        Assert.Contains("trading_api.main:app", error.Message);
    }

    [Fact]
    public async Task WithPythonPath_puts_the_directories_on_PYTHONPATH_in_order()
    {
        var builder = CreateBuilder();
        var directory = AppDirectory("withpath");
        var app = builder.AddPythonModule("withpath", directory, "withpath").WithPythonPath("../common", "/opt/shared").Resource;

        var environment = await EnvironmentAsync(app);
        Assert.Equal($"{Path.Combine(Root.FullName, "common")}:/opt/shared", environment["PYTHONPATH"]);
    }

    // Aspire's evaluation of a resource's callbacks as a run would do it (marked obsolete in 13.6 in favour of
    // ExecutionConfigurationBuilder, which needs a logger and execution context for the same result).
#pragma warning disable CS0618
    internal static async Task<string[]> ArgsAsync(IResourceWithArgs resource) => await resource.GetArgumentValuesAsync();

    internal static async Task<Dictionary<string, string>> EnvironmentAsync(IResourceWithEnvironment resource)
        => await resource.GetEnvironmentVariableValuesAsync();
#pragma warning restore CS0618

    private static string UvicornLauncherPath => Path.Combine(AppContext.BaseDirectory, "uvicorn_supervised.py");
}
