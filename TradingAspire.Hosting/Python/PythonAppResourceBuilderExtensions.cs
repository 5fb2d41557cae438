using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// Python apps on Aspire's application model: the members of Aspire 13's API (<c>Aspire.Hosting.Python</c>) this
/// AppHost uses, with the same names, parameters and return types (<c>AddPythonApp</c>, <c>AddPythonModule</c>,
/// <c>AddUvicornApp</c>), plus ours (<c>WithPythonPath</c>, <c>WithWorkers</c>), implemented for a machine without
/// PyPI: the interpreter is always Debian's <c>/usr/bin/python3</c> (not the <c>python3</c> on PATH, and no virtual
/// environment: Aspire's <c>WithVirtualEnvironment</c>, <c>WithPip</c>, <c>AddPythonExecutable</c> are not mirrored).
/// Before each start, the modules listed in the app's <c>requirements.txt</c> are checked with that interpreter; a
/// missing one fails the start (FailedToStart) naming the <c>apt-get install</c> line.
/// Every Python resource gets <c>PYTHONUNBUFFERED=1</c> and, when the AppHost has one, the dashboard's OTLP/HTTP
/// (protobuf) endpoint in Aspire's <c>OTEL_*</c> variables (without one, e.g. dashboard disabled in tests, the app
/// runs without them rather than failing to start).
/// </summary>
public static partial class PythonAppResourceBuilderExtensions
{
    /// <summary>Adds a Python script run as <c>python {scriptPath}</c> in <paramref name="appDirectory"/>.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The app directory, relative to the AppHost directory (or absolute).</param>
    /// <param name="scriptPath">The script, relative to <paramref name="appDirectory"/>, e.g. <c>main.py</c>.</param>
    /// <returns>The resource builder; chain <c>WithArgs</c> for the script's arguments.</returns>
    public static IResourceBuilder<PythonAppResource> AddPythonApp(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string scriptPath)
        => AddPythonCore(builder, name, appDirectory, scriptPath, isModule: false, static (n, e, d) => new PythonAppResource(n, e, d));

    /// <summary>
    /// Adds a Python module run as <c>python -m {moduleName}</c> in <paramref name="appDirectory"/>. In the Development
    /// environment it runs under the reloading launcher (<c>python module_reload.py {moduleName}</c>, shipped next to
    /// this assembly): a saved <c>.py</c> file under the app directory or its <c>WithPythonPath</c> directories restarts
    /// the module; a file that does not compile stops it with the syntax error in its console log until a change
    /// compiles; the module dying on its own ends the launcher with its status (the restart policy applies), and the
    /// module dies with the launcher (no orphan).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The app directory, relative to the AppHost directory (or absolute).</param>
    /// <param name="moduleName">The module, e.g. <c>strategy</c>.</param>
    /// <returns>The resource builder.</returns>
    /// <remarks>
    /// Deliberate differences from Aspire 13's: Debian's interpreter (Aspire expects <c>.venv</c>), and the reloading
    /// launcher in Development (Aspire runs <c>python -m {moduleName}</c> in every environment).
    /// </remarks>
    public static IResourceBuilder<PythonAppResource> AddPythonModule(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string moduleName)
    {
        var module = AddPythonCore(builder, name, appDirectory, moduleName, isModule: true, static (n, e, d) => new PythonAppResource(n, e, d));
        return Reloads(builder) ? module.WithAnnotation(new ModuleReloadAnnotation()) : module;
    }

    /// <summary>
    /// Adds an ASGI app served by uvicorn: <c>python uvicorn_supervised.py {app} --host 127.0.0.1 --port {port}</c>,
    /// plus <c>--reload</c> when the AppHost runs in the Development environment. It has an HTTP endpoint named
    /// <c>http</c> whose port is also in <c>PORT</c> (as Aspire's; <c>.WithHttpEndpoint(port: 8000, env: "PORT")</c>
    /// updates that endpoint to a fixed port). The supervised launcher (shipped next to this assembly)
    /// runs uvicorn's own command line and ends the process, hence the resource, when the server process dies with
    /// a configuration error (exit code 2) or fails before it ever served; otherwise uvicorn 0.17's reload
    /// supervisor would keep running without a server.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The app directory, relative to the AppHost directory (or absolute).</param>
    /// <param name="app">The ASGI app as <c>module:attribute</c>, e.g. <c>trading_api.main:app</c>.</param>
    /// <returns>The resource builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="app"/> is not <c>module:attribute</c>.</exception>
    /// <remarks>
    /// Deliberate differences from Aspire 13's: Debian's interpreter runs uvicorn under the supervised launcher (Aspire
    /// runs the <c>uvicorn</c> executable of the virtual environment); <c>--host 127.0.0.1</c> (Aspire: the endpoint's target host,
    /// <c>localhost</c>); <c>--reload</c> only in Development (Aspire: in every run, so <c>WithWorkers</c> could not
    /// apply); <paramref name="app"/> is checked here (Aspire passes it on unchecked); no HTTPS certificate arguments.
    /// </remarks>
    public static IResourceBuilder<UvicornAppResource> AddUvicornApp(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string app)
    {
        ArgumentException.ThrowIfNullOrEmpty(app);
        if (app.Split(':') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw new ArgumentException(
                $"Invalid ASGI app '{app}' for resource '{name}'. Expected module:attribute, for example \"trading_api.main:app\".", nameof(app));
        }

        var reload = Reloads(builder);
        return AddPythonCore(builder, name, appDirectory, "uvicorn", isModule: true, static (n, e, d) => new UvicornAppResource(n, e, d), app)
            .WithHttpEndpoint(env: "PORT")
            .WithArgs(context =>
            {
                if (context.ExecutionContext.IsRunMode)   // the container's arguments are PublishAsContainer's: no launcher path, all interfaces
                {
                    AddUvicornArgs(context, app, "127.0.0.1", reload ? ["--reload"] : []);
                }
            });
    }

    private static void AddUvicornArgs(CommandLineArgsCallbackContext context, string app, string host, string[] more)
    {
        foreach (var arg in (object[])[app, "--host", host, "--port", ((IResourceWithEndpoints)context.Resource).GetEndpoint("http").Property(EndpointProperty.TargetPort), .. more])
        {
            context.Args.Add(arg);
        }
    }

    /// <summary>
    /// Serves the app with <paramref name="workers"/> uvicorn worker processes (<c>--workers N</c>): the processes share
    /// the listening socket and the kernel spreads new connections over them, so requests of one kept-alive connection
    /// stay on one worker. Only outside the Development environment: there the app runs with <c>--reload</c>, which
    /// serves from one process (uvicorn ignores <c>--workers</c> when reloading), so this call changes nothing.
    /// Each worker is a full copy of the app (its own connection pools and background tasks).
    /// </summary>
    /// <param name="builder">The uvicorn app.</param>
    /// <param name="workers">Worker processes, 1 to 64; 1 is uvicorn's default (one process, no supervisor).</param>
    /// <returns>The resource builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is not from 1 to 64.</exception>
    public static IResourceBuilder<UvicornAppResource> WithWorkers(this IResourceBuilder<UvicornAppResource> builder, int workers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (workers is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers,
                $"Uvicorn workers of '{builder.Resource.Name}' must be from 1 to 64, got {workers}. Example: WithWorkers(2) for a 2-core machine.");
        }

        return Reloads(builder.ApplicationBuilder) || workers == 1 || builder.ApplicationBuilder.ExecutionContext.IsPublishMode  // a cluster scales with replicas
            ? builder
            : builder.WithArgs("--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether uvicorn apps run with <c>--reload</c> (one process) and modules under the reloading launcher: in the Development environment.</summary>
    private static bool Reloads(IDistributedApplicationBuilder builder) => builder.Environment.IsDevelopment();

    private static IResourceBuilder<T> AddPythonCore<T>(IDistributedApplicationBuilder builder, string name, string appDirectory, string entrypoint,
        bool isModule, Func<string, string, string, T> create, string? uvicornApp = null) where T : PythonAppResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(appDirectory);
        ArgumentException.ThrowIfNullOrEmpty(entrypoint);

        var resourceBuilder = builder.AddResource(create(name, DebianPython, Path.GetFullPath(appDirectory, builder.AppHostDirectory)))
            .WithAnnotation(new EntrypointAnnotation(entrypoint, isModule))
            .WithIconName("CodePyRectangle")
            .WithArgs(AddEntrypointArgs)
            .WithOtlpExporterIfEndpointAvailable(OtlpProtocol.HttpProtobuf)
            .WithEnvironment(AddPythonEnvironment)
            .OnBeforeResourceStarted(CheckImportsAsync);
        if (builder.ExecutionContext.IsPublishMode)
        {
            PublishAsContainer(resourceBuilder, uvicornApp);       // as Aspire 13: a container built from a Dockerfile
        }

        return resourceBuilder;
    }

    private static void AddEntrypointArgs(CommandLineArgsCallbackContext context)
    {
        var resource = context.Resource;
        var entrypoint = resource.Annotations.OfType<EntrypointAnnotation>().Last();
        string[] first = entrypoint switch
        {
            { IsModule: false } => [entrypoint.Entrypoint],
            _ when resource is UvicornAppResource => [Launchers.UvicornSupervised],
            _ when resource.HasAnnotationOfType<ModuleReloadAnnotation>() => [Launchers.ModuleReload, entrypoint.Entrypoint],
            _ => ["-m", entrypoint.Entrypoint],
        };
        for (var i = 0; i < first.Length; i++)
        {
            context.Args.Insert(i, first[i]);
        }
    }

    private static void AddPythonEnvironment(EnvironmentCallbackContext context)
    {
        context.EnvironmentVariables["PYTHONUNBUFFERED"] = "1";
        context.EnvironmentVariables["OTEL_TRACES_EXPORTER"] = "otlp";
        context.EnvironmentVariables["OTEL_LOGS_EXPORTER"] = "otlp";
        context.EnvironmentVariables["OTEL_METRICS_EXPORTER"] = "otlp";
        context.EnvironmentVariables["OTEL_PYTHON_LOGGING_AUTO_INSTRUMENTATION_ENABLED"] = "true";
        if (context.ExecutionContext.IsRunMode && PythonPath(context.Resource) is { Count: > 0 } pythonPath)  // in a container the image sets PYTHONPATH
        {
            context.EnvironmentVariables["PYTHONPATH"] = string.Join(Path.PathSeparator, pythonPath);
        }
    }

    /// <summary>The <c>WithPythonPath</c> directories (absolute), in order.</summary>
    private static List<string> PythonPath(IResource resource)
        => resource.TryGetLastAnnotation<PythonPathAnnotation>(out var annotation) ? annotation.Directories : [];
}
