namespace Aspire.Hosting;

/// <summary>
/// JavaScript apps: Aspire 13's <c>AddViteApp</c> and <c>WithNpm</c> with the same signatures (its other members and
/// package managers are not mirrored). Each app gets <c>NODE_ENV</c> and the dashboard's OTLP/HTTP variables; a missing
/// <c>node</c>/<c>npm</c> fails the start naming <c>apt-get install -y nodejs npm</c>.
/// </summary>
public static partial class JavaScriptHostingExtensions
{
    private const string InstallNode = "apt-get install -y nodejs npm";

    /// <summary>
    /// Adds a Vite app run as <c>npm run {runScriptName} -- --port {port}</c> (the <c>https</c> endpoint's port when one is
    /// added), with an <c>http</c> endpoint whose port is also in <c>PORT</c>, <c>WithNpm()</c>, and, as Aspire's, the
    /// required commands <c>npm</c> and <c>node</c>. The Vite config should bind 127.0.0.1 with <c>strictPort</c>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The directory holding package.json, relative to the AppHost directory (or absolute).</param>
    /// <param name="runScriptName">The package.json script that runs the Vite dev server.</param>
    public static IResourceBuilder<ViteAppResource> AddViteApp(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string runScriptName = "dev")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(appDirectory);
        var resource = new ViteAppResource(name, "npm", Path.GetFullPath(appDirectory, builder.AppHostDirectory));
#pragma warning disable ASPIRECOMMAND001 // experimental in Aspire 13.6; Aspire's own JavaScript integration uses it
        resource.Annotations.Add(new RequiredCommandAnnotation("npm") { HelpLink = InstallNode });
        resource.Annotations.Add(new RequiredCommandAnnotation("node") { HelpLink = InstallNode });   // npm runs on node
#pragma warning restore ASPIRECOMMAND001
        return PublishAsContainer(builder.AddResource(resource)
            .WithIconName("CodeJsRectangle")
            .WithOtlpExporterIfEndpointAvailable(OtlpProtocol.HttpProtobuf)
            .WithEnvironment("NODE_ENV", builder.Environment.IsDevelopment() ? "development" : "production")
            .WithInstallCheck($"Install Node.js and npm with: {InstallNode}")
            .WithHttpEndpoint(env: "PORT")
            .WithArgs(context =>
            {
                context.Args.Add("run");
                context.Args.Add(runScriptName);
                if (context.ExecutionContext.IsRunMode)   // the container runs its image's entrypoint (PublishAsContainer)
                {
                    var endpoint = resource.GetEndpoint("https") is { Exists: true } https ? https : resource.GetEndpoint("http");
                    context.Args.Add("--");
                    context.Args.Add("--port");
                    context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
                }
            })
            .WithNpm());
    }
}
