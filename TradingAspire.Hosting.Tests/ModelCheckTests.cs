using System.Diagnostics;

namespace TradingAspire.Hosting.Tests;

/// <summary>Model checks before start: wait cycles and references to resources outside the model fail the start at once.</summary>
public sealed class ModelCheckTests
{
    private static IDistributedApplicationBuilder NewBuilder() => DistributedApplication.CreateBuilder(new DistributedApplicationOptions
    {
        Args = ["--environment", "Development"],
        DisableDashboard = true,
    });

    [Fact]
    public void Two_resources_waiting_for_each_other_are_a_cycle_named_with_the_waits_to_remove()
    {
        var builder = NewBuilder();
        var a = builder.AddExecutable("a", "sleep", ".", "300");
        var b = builder.AddExecutable("b", "sleep", ".", "300").WaitFor(a);
        a.WaitFor(b);
        builder.AddExecutable("c", "sleep", ".", "300").WaitFor(a);

        var problems = ModelCheck.FindProblems(builder.Resources.ToList());

        Assert.Equal(["WaitFor cycle: a → b → a. Each waits for the next, so none would ever start. " +
                      "Remove one of these waits in the AppHost: a.WaitFor(b), b.WaitFor(a)."], problems);
    }

    [Fact]
    public void A_wait_on_a_database_whose_server_waits_for_the_waiter_is_a_cycle_through_the_parent()
    {
        var builder = NewBuilder();
        var postgres = builder.AddPostgresExecutable("postgres", port: 15432);
        var trading = postgres.AddDatabase("trading");
        var migrations = builder.AddExecutable("migrations", "true", ".").WaitFor(trading);
        postgres.WaitForCompletion(migrations);

        var problems = ModelCheck.FindProblems(builder.Resources.ToList());

        Assert.Equal(["WaitFor cycle: postgres → migrations → trading → postgres (its parent). Each waits for the next, so none would ever start. " +
                      "Remove one of these waits in the AppHost: postgres.WaitFor(migrations), migrations.WaitFor(trading)."], problems);
    }

    [Fact]
    public void A_wait_and_a_reference_to_a_resource_not_in_the_model_are_named()
    {
        var builder = NewBuilder();
        var ghost = builder.CreateResourceBuilder(new ExecutableResource("ghost", "sleep", "."));
        builder.AddExecutable("api", "sleep", ".", "300").WaitFor(ghost).WithReferenceRelationship(ghost);

        var problems = ModelCheck.FindProblems(builder.Resources.ToList());

        Assert.Equal([
            "'api' waits for 'ghost' (WaitUntilHealthy), which is not in the application model, so 'api' would wait forever: " +
            "add it to the model with builder.Add…(\"ghost\") or remove the api.WaitFor(ghost).",
            "'api' references 'ghost' (Reference), which is not in the application model: " +
            "add it to the model with builder.Add…(\"ghost\") or remove the api.WithReference(ghost).",
        ], problems);
    }

    [Fact]
    public void A_database_whose_server_is_not_in_the_model_is_named()
    {
        var elsewhere = NewBuilder();
        var database = elsewhere.AddPostgresExecutable("pg", port: 15432).AddDatabase("orders");
        var builder = NewBuilder();
        builder.AddResource(database.Resource);

        Assert.Equal(["'orders' has the parent 'pg', which is not in the application model: " +
                      "add it to the model with builder.Add…(\"pg\") or remove the resource 'orders'."],
            ModelCheck.FindProblems(builder.Resources.ToList()));
    }

    [Fact]
    public void A_model_whose_waits_form_a_chain_has_no_problems()
    {
        var builder = NewBuilder();
        var postgres = builder.AddPostgresExecutable("postgres", port: 15432);
        var trading = postgres.AddDatabase("trading");
        var migrations = builder.AddExecutable("migrations", "true", ".").WithReference(trading).WaitFor(trading);
        builder.AddExecutable("api", "sleep", ".", "300").WithReference(trading).WaitForCompletion(migrations).WaitFor(postgres);

        Assert.Empty(ModelCheck.FindProblems(builder.Resources.ToList()));
    }

    [Fact]
    public void The_trading_AppHosts_model_has_no_problems()
    {
        // Program.cs of TradingAspire.AppHost with our integrations (projects as executables: no project metadata here),
        // so the checks never refuse the real system: installer children, references and waits all resolve.
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "TradingAspire.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("TradingAspire.sln not found above the test's directory");
        }

        string App(string name) => Path.Combine(repository.FullName, "apps", name);
        var builder = NewBuilder();
        builder.AddTradingAspireChecks();
        var postgres = builder.AddPostgresExecutable("postgres", port: 15432).WithRestartPolicy();
        var trading = postgres.AddDatabase("trading");
        var redis = builder.AddRedisExecutable("redis", port: 16379).WithPersistence().WithRestartPolicy();
        var migrations = builder.AddExecutable("migrations", "true", ".").WithReference(trading).WaitFor(trading);
        var gateway = builder.AddExecutable("gateway", "sleep", ".", "300").WithHttpEndpoint(port: 13000)
            .WithReference(trading).WaitForCompletion(migrations).WithReference(redis).WaitFor(redis).WithMetricsEndpoint().WithRestartPolicy();
        var api = builder.AddUvicornApp("trading-api", App("trading-api"), "trading_api.main:app")
            .WithEndpoint("http", endpoint => endpoint.Port = 18000).WithPythonPath("../common")
            .WithReference(trading).WaitForCompletion(migrations).WithReference(redis).WaitFor(redis)
            .WithReference(gateway.GetEndpoint("http")).WaitFor(gateway).WithHttpHealthCheck("/health").WithMetricsEndpoint().WithRestartPolicy();
        builder.AddPythonModule("strategy", App("strategy"), "strategy").WithPythonPath("../common")
            .WithReference(redis).WaitFor(redis).WithReference(api).WaitFor(api).WithRestartPolicy();
        builder.AddViteApp("trading-ui", App("trading-ui")).WithNpm().WithEndpoint("http", endpoint => endpoint.Port = 15173)
            .WithReference(api).WaitFor(api).WithReference(gateway.GetEndpoint("http")).WaitFor(gateway).WithHttpHealthCheck("/").WithRestartPolicy();
        builder.AddPrometheus("prometheus", port: 19090);

        using var app = builder.Build();

        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.ToList();

        Assert.Contains(resources, r => r.Name == "trading-ui-installer"); // its Parent relationship is no wait: no cycle with trading-ui
        Assert.Empty(ModelCheck.FindProblems(resources));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Start_of_a_model_with_a_cycle_fails_within_seconds_and_starts_no_process()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var builder = DistributedApplicationTestingBuilder.Create(["--environment", "Development"], (options, _) => options.DisableDashboard = true);
        builder.AddTradingAspireChecks();
        var a = builder.AddExecutable("a", "sleep", ".", "300").WithEnvironment("MODEL_CHECK_MARKER", marker);
        var b = builder.AddExecutable("b", "sleep", ".", "300").WithEnvironment("MODEL_CHECK_MARKER", marker).WaitFor(a);
        a.WaitFor(b);
        builder.AddExecutable("free", "sleep", ".", "300").WithEnvironment("MODEL_CHECK_MARKER", marker);
        await using var app = await builder.BuildAsync();

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal("The application model cannot start: WaitFor cycle: a → b → a. Each waits for the next, so none would ever start. " +
                     "Remove one of these waits in the AppHost: a.WaitFor(b), b.WaitFor(a).", failure.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the start failed only after {clock.Elapsed}");
        Assert.Empty(ShutdownIntegrationTests.ProcessesWith("MODEL_CHECK_MARKER", marker)); // not even 'free', which waits for nothing
    }
}
