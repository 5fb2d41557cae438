using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting;

/// <summary><c>AddProject&lt;T&gt;</c>: a .NET project referenced by the AppHost.</summary>
public static class ProjectBuilderExtensions
{
    /// <summary>
    /// Adds a .NET project (a generated <c>Projects.*</c> class) with an <c>http</c> endpoint. The process gets
    /// <c>ASPNETCORE_URLS</c>/<c>HTTP_PORTS</c> for that endpoint and <c>DOTNET_ENVIRONMENT</c> of the AppHost.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var metadata = new TProject();
        var environmentName = builder.Environment.EnvironmentName;
        var project = builder.AddResource(new ProjectResource(name, metadata))
            .WithArgs(metadata.AssemblyPath)
            .WithHttpEndpoint()
            .WithEnvironment(context =>
            {
                var http = new EndpointReference((IResourceWithEndpoints)context.Resource, "http");
                context.EnvironmentVariables["ASPNETCORE_URLS"] = http.Url;
                context.EnvironmentVariables["HTTP_PORTS"] = http.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.EnvironmentVariables["DOTNET_ENVIRONMENT"] = environmentName;
                context.EnvironmentVariables["ASPNETCORE_ENVIRONMENT"] = environmentName;
                // Keep the process log readable in the console buffer and the log files.
                context.EnvironmentVariables["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
                context.EnvironmentVariables["Logging__Console__FormatterName"] = "simple";
            });
        return project;
    }
}
