using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// JavaScript apps on Aspire's application model: the members of Aspire 13's API (<c>Aspire.Hosting.JavaScript</c>)
/// this AppHost uses, with the same names, parameters and return types, for npm: <c>AddViteApp</c>
/// (<c>npm run {script} -- --port {port}</c> and an <c>http</c> endpoint whose port is also in <c>PORT</c>) and
/// <c>WithNpm</c> (a <c>{name}-installer</c> child resource that installs packages when <c>node_modules</c> is missing
/// or older than <c>package-lock.json</c>; the app waits for it). Aspire's <c>AddJavaScriptApp</c>, <c>AddNodeApp</c>,
/// <c>WithRunScript</c>, <c>WithBuildScript</c> and the other package managers are not mirrored. Each app gets
/// <c>NODE_ENV</c> and the dashboard's OTLP/HTTP exporter variables; referenced services arrive as Aspire's
/// <c>services__{name}__http__0</c> variables. A missing <c>node</c>/<c>npm</c> fails the start (FailedToStart) naming
/// <c>apt-get install -y nodejs npm</c>.
/// </summary>
public static partial class JavaScriptHostingExtensions
{
    private const string InstallNode = "apt-get install -y nodejs npm";

    /// <summary>
    /// Adds a Vite app run as <c>npm run {runScriptName} -- --port {port}</c>, with an HTTP endpoint named
    /// <c>http</c> whose port is also in <c>PORT</c> (<c>.WithHttpEndpoint(port: 5173, env: "PORT")</c> updates it to a
    /// fixed port; an <c>https</c> endpoint, when added, gives the port instead), and npm as its package manager
    /// (<c>WithNpm()</c>). The Vite config should bind 127.0.0.1 with <c>strictPort</c>, as apps/trading-ui's does.
    /// As Aspire's, it requires the commands <c>npm</c> and <c>node</c> (<see cref="RequiredCommandAnnotation"/>).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The directory holding package.json, relative to the AppHost directory (or absolute).</param>
    /// <param name="runScriptName">The package.json script that runs the Vite dev server.</param>
    /// <returns>The resource builder.</returns>
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
