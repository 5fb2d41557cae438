using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// The .NET services (gateway, migrations) run in the AppHost's environment: what their environment callbacks give in a
/// run of each environment (no process started), and nothing of it in publish mode (the chart keeps the images' default).
/// </summary>
public sealed class ProjectEnvironmentModelTests
{
    private static readonly string[] DotnetServices = ["gateway", "migrations"];

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task In_a_run_each_dotnet_service_gets_the_AppHost_s_environment(string environment)
    {
        var variables = await ProjectEnvironmentAsync(["--environment", environment]);

        Assert.Equal(
            DotnetServices.Select(name => (name, (object?)environment, (object?)environment)),
            DotnetServices.Select(name => (name, variables[name].GetValueOrDefault("DOTNET_ENVIRONMENT"), variables[name].GetValueOrDefault("ASPNETCORE_ENVIRONMENT"))));
    }

    [Fact]
    public async Task Publish_mode_sets_no_environment_name_even_from_a_Development_AppHost()
    {
        var variables = await ProjectEnvironmentAsync(["--operation", "publish", "--environment", "Development"]);

        Assert.Equal(
            DotnetServices.Select(name => (name, false, false)),
            DotnetServices.Select(name => (name, variables[name].ContainsKey("DOTNET_ENVIRONMENT"), variables[name].ContainsKey("ASPNETCORE_ENVIRONMENT"))));
    }

    /// <summary>
    /// The AppHost's model built (not started) with <paramref name="arguments"/>; each project's environment callbacks
    /// run as the operation would run them, values left unresolved (endpoints are not allocated without a run).
    /// </summary>
    private static async Task<Dictionary<string, Dictionary<string, object>>> ProjectEnvironmentAsync(string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>(arguments, timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        var executionContext = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var result = new Dictionary<string, Dictionary<string, object>>();
        foreach (var project in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().Where(p => DotnetServices.Contains(p.Name)))
        {
            var context = new EnvironmentCallbackContext(executionContext, project, cancellationToken: timeout.Token);
            foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                await callback.Callback(context);
            }

            result[project.Name] = context.EnvironmentVariables;
        }

        return result;
    }
}
