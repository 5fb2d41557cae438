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
        return AddScriptApp(builder, new JavaScriptAppResource(name, "npm", Path.GetFullPath(appDirectory, builder.AppHostDirectory)), runScriptName);
    }

    /// <summary>
    /// Adds a Vite app run as <c>npm run {runScriptName} -- --port {port}</c>, with an HTTP endpoint named
    /// <c>http</c> whose port is also in <c>PORT</c> (<c>.WithHttpEndpoint(port: 5173, env: "PORT")</c> updates it to a
    /// fixed port). The Vite config should bind 127.0.0.1 with <c>strictPort</c>, as apps/trading-ui's does.
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
        return AddScriptApp(builder, resource, runScriptName)
            .WithHttpEndpoint(env: "PORT")
            .WithArgs(context =>
            {
                if (context.ExecutionContext.IsPublishMode)
                {
                    return;  // the container runs its image's entrypoint (PublishAsContainer)
                }

                if (context.Resource.TryGetLastAnnotation<JavaScriptPackageManagerAnnotation>(out var packageManager) &&
                    packageManager.CommandSeparator is { } separator)
                {
                    context.Args.Add(separator);
                }

                var endpoint = resource.GetEndpoint("https") is { Exists: true } https ? https : resource.GetEndpoint("http");
                context.Args.Add("--port");
                context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
            });
    }

    /// <summary>
    /// Adds a Node script run as <c>node {scriptPath}</c>; with a package.json in the directory, npm is its package
    /// manager (<c>WithNpm()</c>) as in Aspire, and <c>WithRunScript</c> switches it to <c>npm run {script}</c>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The app directory, relative to the AppHost directory (or absolute).</param>
    /// <param name="scriptPath">The script, relative to <paramref name="appDirectory"/>.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<NodeAppResource> AddNodeApp(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string scriptPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(scriptPath);
        var directory = Path.GetFullPath(appDirectory, builder.AppHostDirectory);
        var resourceBuilder = builder.AddResource(new NodeAppResource(name, "node", directory))
            .WithJavaScriptDefaults()
            .WithArgs(context =>
            {
                if (!AddRunScriptArgs(context))
                {
                    context.Args.Add(scriptPath);
                }
            });
        if (File.Exists(Path.Combine(directory, "package.json")))
        {
            resourceBuilder.WithNpm();
        }

        if (builder.ExecutionContext.IsPublishMode)
        {
            PublishAsContainer(resourceBuilder, scriptPath);       // as Aspire 13: a container built from a Dockerfile
        }

        return resourceBuilder;
    }

    private static IResourceBuilder<T> AddScriptApp<T>(IDistributedApplicationBuilder builder, T resource, string runScriptName)
        where T : JavaScriptAppResource
    {
        var resourceBuilder = builder.AddResource(resource)
            .WithJavaScriptDefaults()
            .WithArgs(context => AddRunScriptArgs(context))
            .WithNpm()
            .WithBuildScript("build")
            .WithRunScript(runScriptName);
        if (builder.ExecutionContext.IsPublishMode)
        {
            PublishAsContainer(resourceBuilder);                   // as Aspire 13: a container built from a Dockerfile
        }

        return resourceBuilder;
    }

    private static IResourceBuilder<T> WithJavaScriptDefaults<T>(this IResourceBuilder<T> builder) where T : JavaScriptAppResource
    {
        builder.ApplicationBuilder.OnBeforeStart((_, _) =>
        {
            ApplyCommand(builder);
            AddRequiredCommands(builder.Resource);
            return Task.CompletedTask;
        });
        return builder
            .WithIconName("CodeJsRectangle")
            .WithOtlpExporterIfEndpointAvailable(OtlpProtocol.HttpProtobuf)
            .WithEnvironment("NODE_ENV", builder.ApplicationBuilder.Environment.IsDevelopment() ? "development" : "production")
            .OnBeforeResourceStarted((resource, @event, _) =>
            {
                RequireCommand(@event.Services, resource, resource.Command);
                return Task.CompletedTask;
            });
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

        context.Args.Add(runScript.ScriptName);
        foreach (var arg in runScript.Args)
        {
            context.Args.Add(arg);
        }

        return true;
    }

    /// <summary>The package manager runs apps that have a run script; a Node app without one runs <c>node</c>.</summary>
    private static void ApplyCommand<T>(IResourceBuilder<T> builder) where T : JavaScriptAppResource
    {
        if (builder.Resource.TryGetLastAnnotation<JavaScriptRunScriptAnnotation>(out _) &&
            builder.Resource.TryGetLastAnnotation<JavaScriptPackageManagerAnnotation>(out var packageManager))
        {
            builder.WithCommand(packageManager.ExecutableName);
        }
    }

    /// <summary>Fails the start (FailedToStart, message in the resource's log) when <paramref name="command"/> is not installed.</summary>
    private static void RequireCommand(IServiceProvider services, IResource resource, string command)
    {
        if (ExecutableSearch.Find(command) is null)
        {
            throw ResourceStartFailure.Create(services, resource,
                $"Resource '{resource.Name}' cannot start: '{command}' is not installed (not found on PATH). Install Node.js and npm with: {InstallNode}");
        }
    }
}
