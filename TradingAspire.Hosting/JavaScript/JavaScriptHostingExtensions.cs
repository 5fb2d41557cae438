using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// JavaScript apps on Aspire's application model, with Aspire 13's public API (<c>Aspire.Hosting.JavaScript</c>:
/// same method names, parameters and return types) for npm: <c>AddJavaScriptApp</c> (<c>npm run {script}</c>),
/// <c>AddViteApp</c> (plus <c>-- --port {port}</c> and an <c>http</c> endpoint whose port is also in <c>PORT</c>),
/// <c>AddNodeApp</c> (<c>node {script}</c>), <c>WithNpm</c> (a <c>{name}-installer</c> child resource that installs
/// packages when <c>node_modules</c> is missing or older than <c>package-lock.json</c>; the app waits for it),
/// <c>WithRunScript</c>, <c>WithBuildScript</c>. Each app gets <c>NODE_ENV</c> and the dashboard's OTLP/HTTP
/// exporter variables; referenced services arrive as Aspire's <c>services__{name}__http__0</c> variables. A missing
/// <c>node</c>/<c>npm</c> fails the start (FailedToStart) naming <c>apt-get install -y nodejs npm</c>.
/// </summary>
public static partial class JavaScriptHostingExtensions
{
    private const string InstallNode = "apt-get install -y nodejs npm";

    /// <summary>Adds a JavaScript app run as <c>npm run {runScriptName}</c> in <paramref name="appDirectory"/>.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The directory holding package.json, relative to the AppHost directory (or absolute).</param>
    /// <param name="runScriptName">The package.json script that runs the app.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<JavaScriptAppResource> AddJavaScriptApp(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string runScriptName = "dev")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(appDirectory);
        ArgumentException.ThrowIfNullOrEmpty(runScriptName);
        return AddScriptApp(builder, name, appDirectory, runScriptName, static (n, c, d) => new JavaScriptAppResource(n, c, d));
    }

    /// <summary>
    /// Adds a Vite app run as <c>npm run {runScriptName} -- --port {port}</c>, with an HTTP endpoint named
    /// <c>http</c> whose port is also in <c>PORT</c> (<c>.WithHttpEndpoint(port: 5173, env: "PORT")</c> updates it to a
    /// fixed port; an <c>https</c> endpoint, when added, gives the port instead). The Vite config should bind 127.0.0.1
    /// with <c>strictPort</c>, as apps/trading-ui's does.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The directory holding package.json, relative to the AppHost directory (or absolute).</param>
    /// <param name="runScriptName">The package.json script that runs the Vite dev server.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<ViteAppResource> AddViteApp(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string runScriptName = "dev")
        => AddScriptApp(builder, name, appDirectory, runScriptName, static (n, c, d) => new ViteAppResource(n, c, d))
            .WithHttpEndpoint(env: "PORT")
            .WithArgs(context =>
            {
                if (context.ExecutionContext.IsPublishMode)
                {
                    return;  // the container runs its image's entrypoint (PublishAsContainer)
                }

                var resource = (ViteAppResource)context.Resource;
                if (resource.TryGetLastAnnotation<JavaScriptPackageManagerAnnotation>(out var packageManager) && packageManager.CommandSeparator is { } separator)
                {
                    context.Args.Add(separator);
                }

                var endpoint = resource.GetEndpoint("https") is { Exists: true } https ? https : resource.GetEndpoint("http");
                context.Args.Add("--port");
                context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
            });

    /// <summary>
    /// Adds a Node script run as <c>node {scriptPath}</c>; with a package.json in the directory, npm is its package
    /// manager (<c>WithNpm()</c>) as in Aspire, and <c>WithRunScript</c> switches it to <c>npm run {script}</c>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The app directory, relative to the AppHost directory (or absolute; empty for the AppHost directory).</param>
    /// <param name="scriptPath">The script, relative to <paramref name="appDirectory"/>.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<NodeAppResource> AddNodeApp(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string scriptPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(scriptPath);
        var directory = Path.GetFullPath(appDirectory, builder.AppHostDirectory);
        var node = AddApp(builder, new NodeAppResource(name, "node", directory))
            .WithArgs(context =>
            {
                if (!AddRunScriptArgs(context))
                {
                    context.Args.Add(scriptPath);
                }
            });
        return PublishAsContainer(File.Exists(Path.Combine(directory, "package.json")) ? node.WithNpm() : node, scriptPath);
    }

    private static IResourceBuilder<T> AddScriptApp<T>(IDistributedApplicationBuilder builder, string name, string appDirectory, string runScriptName,
        Func<string, string, string, T> create) where T : JavaScriptAppResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(appDirectory);
        return PublishAsContainer(AddApp(builder, create(name, "npm", Path.GetFullPath(appDirectory, builder.AppHostDirectory)))
            .WithArgs(context => AddRunScriptArgs(context))
            .WithNpm()
            .WithBuildScript("build")
            .WithRunScript(runScriptName));
    }

    /// <summary>What every JavaScript app gets: icon, OTLP, <c>NODE_ENV</c>, the install check, its command and required commands.</summary>
    private static IResourceBuilder<T> AddApp<T>(IDistributedApplicationBuilder builder, T resource) where T : JavaScriptAppResource
    {
        var app = builder.AddResource(resource)
            .WithIconName("CodeJsRectangle")
            .WithOtlpExporterIfEndpointAvailable(OtlpProtocol.HttpProtobuf)
            .WithEnvironment("NODE_ENV", builder.Environment.IsDevelopment() ? "development" : "production")
            .WithInstallCheck($"Install Node.js and npm with: {InstallNode}");
        builder.OnBeforeStart((_, _) =>
        {
            ApplyCommand(app);
            AddRequiredCommands(resource);
            return Task.CompletedTask;
        });
        return app;
    }

    /// <summary>
    /// Aspire's <see cref="RequiredCommandAnnotation"/>s, resolved as Aspire 13 does once the package manager is settled:
    /// the program that launches the app (the package manager for a run script, else <c>node</c>), the package
    /// manager, and <c>node</c> for npm. Aspire validates them before the start (a warning); ours also fails the start
    /// (FailedToStart) naming <c>apt-get install -y nodejs npm</c>, the help link of these annotations.
    /// </summary>
    private static void AddRequiredCommands(JavaScriptAppResource resource)
    {
#pragma warning disable ASPIRECOMMAND001 // experimental in Aspire 13.6; Aspire's own JavaScript integration uses it
        resource.TryGetLastAnnotation<JavaScriptPackageManagerAnnotation>(out var packageManager);
        var launcher = resource.HasAnnotationOfType<JavaScriptRunScriptAnnotation>() && packageManager is not null ? packageManager.ExecutableName : "node";
        HashSet<string> commands = [launcher, .. packageManager is null ? [] : new[] { packageManager.ExecutableName, "node" }]; // npm runs on node
        foreach (var command in commands.Where(c => !resource.Annotations.OfType<RequiredCommandAnnotation>().Any(a => a.Command == c)))
        {
            resource.Annotations.Add(new RequiredCommandAnnotation(command) { HelpLink = InstallNode });
        }
#pragma warning restore ASPIRECOMMAND001
    }

    /// <summary>Adds <c>{run} {script} {args...}</c> when the app has a run script and a package manager.</summary>
    private static bool AddRunScriptArgs(CommandLineArgsCallbackContext context)
    {
        if (!context.Resource.TryGetLastAnnotation<JavaScriptRunScriptAnnotation>(out var runScript) ||
            !context.Resource.TryGetLastAnnotation<JavaScriptPackageManagerAnnotation>(out var packageManager))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(packageManager.ScriptCommand))
        {
            context.Args.Add(packageManager.ScriptCommand);
        }

        foreach (var arg in (string[])[runScript.ScriptName, .. runScript.Args])
        {
            context.Args.Add(arg);
        }

        return true;
    }

    /// <summary>The package manager runs apps that have a run script; a Node app without one runs <c>node</c>.</summary>
    private static void ApplyCommand<T>(IResourceBuilder<T> builder) where T : JavaScriptAppResource
    {
        if (builder.Resource.HasAnnotationOfType<JavaScriptRunScriptAnnotation>() &&
            builder.Resource.TryGetLastAnnotation<JavaScriptPackageManagerAnnotation>(out var packageManager))
        {
            builder.WithCommand(packageManager.ExecutableName);
        }
    }
}
