using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// Python apps on Aspire's application model, with Aspire 13's public API (<c>Aspire.Hosting.Python</c>: the same
/// method names, parameters and return types), implemented for a machine without PyPI: the interpreter is the
/// declared virtual environment's <c>bin/python</c> when it exists, else Debian's <c>/usr/bin/python3</c> (not the
/// <c>python3</c> on PATH). Before each start, the modules listed in the app's <c>requirements.txt</c> are checked
/// with that interpreter; a missing one fails the start (FailedToStart) naming the <c>apt-get install</c> line.
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
    [OverloadResolutionPriority(1)]
    public static IResourceBuilder<PythonAppResource> AddPythonApp(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string scriptPath)
        => AddPythonCore(builder, name, appDirectory, EntrypointType.Script, scriptPath, static (n, e, d) => new PythonAppResource(n, e, d)).WithDebugging();

    /// <summary>Adds a Python script with arguments (obsolete in Aspire 13 too: use the 3-argument overload and <c>WithArgs</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="scriptArgs"/> is null or holds a null item.</exception>
    /// <exception cref="ArgumentException"><paramref name="scriptPath"/> or an item of <paramref name="scriptArgs"/> is empty.</exception>
    [Obsolete("Use AddPythonScript, AddPythonModule, or AddPythonExecutable and chain with .WithArgs(...) instead.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static IResourceBuilder<PythonAppResource> AddPythonApp(
        this IDistributedApplicationBuilder builder, string name, string appDirectory, string scriptPath, params string[] scriptArgs)
    {
        ArgumentException.ThrowIfNullOrEmpty(scriptPath);
        ThrowIfNullOrContainsIsNullOrEmpty(scriptArgs);
        return builder.AddPythonApp(name, appDirectory, scriptPath).WithArgs(scriptArgs);
    }

    /// <summary>Adds a Python script with a virtual environment and arguments (obsolete in Aspire 13 too).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="scriptArgs"/> is null or holds a null item.</exception>
    /// <exception cref="ArgumentException"><paramref name="scriptPath"/> or an item of <paramref name="scriptArgs"/> is empty.</exception>
    [Obsolete("Use AddPythonScript, AddPythonModule, or AddPythonExecutable and chain with .WithVirtualEnvironment(...).WithArgs(...) instead.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static IResourceBuilder<PythonAppResource> AddPythonApp(
        this IDistributedApplicationBuilder builder, string name, string appDirectory, string scriptPath, string virtualEnvironmentPath, params string[] scriptArgs)
    {
        ThrowIfNullOrContainsIsNullOrEmpty(scriptArgs);
        ArgumentException.ThrowIfNullOrEmpty(scriptPath);
        return builder.AddPythonApp(name, appDirectory, scriptPath).WithVirtualEnvironment(virtualEnvironmentPath).WithArgs(scriptArgs);
    }

    /// <summary>Aspire's check of the obsolete overloads' arguments: the same exception types and messages.</summary>
    private static void ThrowIfNullOrContainsIsNullOrEmpty(string[] scriptArgs)
    {
        ArgumentNullException.ThrowIfNull(scriptArgs);
        foreach (var arg in scriptArgs.Where(string.IsNullOrEmpty).Take(1))
        {
            var values = string.Join(", ", scriptArgs);
            throw arg is null
                ? new ArgumentNullException(nameof(scriptArgs), $"Array params contains null item: [{values}]")
                : new ArgumentException($"Array params contains empty item: [{values}]", nameof(scriptArgs));
        }
    }

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
    /// Deliberate differences from Aspire 13's: Debian's interpreter when no virtual environment exists (Aspire expects
    /// <c>.venv</c>), and the reloading launcher in Development (Aspire runs <c>python -m {moduleName}</c> in every environment).
    /// </remarks>
    public static IResourceBuilder<PythonAppResource> AddPythonModule(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string moduleName)
    {
        var module = AddPythonCore(builder, name, appDirectory, EntrypointType.Module, moduleName, static (n, e, d) => new PythonAppResource(n, e, d)).WithDebugging();
        return Reloads(builder) ? module.WithAnnotation(new ModuleReloadAnnotation()) : module;
    }

    /// <summary>
    /// Adds a Python executable such as <c>pytest</c>: the virtual environment's <c>bin/{executableName}</c> when it
    /// exists, else <c>/usr/bin/{executableName}</c> when it exists, else the name as given (resolved on PATH).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The app directory (working directory), relative to the AppHost directory.</param>
    /// <param name="executableName">The executable's file name.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<PythonAppResource> AddPythonExecutable(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string executableName)
        => AddPythonCore(builder, name, appDirectory, EntrypointType.Executable, executableName, static (n, e, d) => new PythonAppResource(n, e, d));

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
    /// Deliberate differences from Aspire 13's: the supervised launcher runs uvicorn (Aspire runs the <c>uvicorn</c>
    /// executable of the virtual environment); <c>--host 127.0.0.1</c> (Aspire: the endpoint's target host,
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
        return AddPythonCore(builder, name, appDirectory, EntrypointType.Module, "uvicorn", static (n, e, d) => new UvicornAppResource(n, e, d), app)
            .WithDebugging()
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

    private static IResourceBuilder<T> AddPythonCore<T>(IDistributedApplicationBuilder builder, string name, string appDirectory, EntrypointType type,
        string entrypoint, Func<string, string, string, T> create, string? uvicornApp = null) where T : PythonAppResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(appDirectory);
        ArgumentException.ThrowIfNullOrEmpty(entrypoint);

        var resourceBuilder = builder.AddResource(create(name, PythonInterpreter.DebianPython, Path.GetFullPath(appDirectory, builder.AppHostDirectory)))
            .WithAnnotation(new EntrypointAnnotation(type, entrypoint))
            .WithIconName("CodePyRectangle")
            .WithArgs(AddEntrypointArgs)
            .WithOtlpExporterIfEndpointAvailable(OtlpProtocol.HttpProtobuf)
            .WithEnvironment(AddPythonEnvironment)
            .OnBeforeResourceStarted(CheckImportsAsync);
        ApplyCommand(resourceBuilder);
        if (builder.ExecutionContext.IsPublishMode)
        {
            PublishAsContainer(resourceBuilder, uvicornApp);       // as Aspire 13: a container built from a Dockerfile
        }

        // A virtual environment created after the model was built (but before the run) is picked up here.
        builder.OnBeforeStart((_, _) =>
        {
            ApplyCommand(resourceBuilder);
            return Task.CompletedTask;
        });
        return resourceBuilder;
    }

    private static void AddEntrypointArgs(CommandLineArgsCallbackContext context)
    {
        var resource = context.Resource;
        string[] first = !resource.TryGetLastAnnotation<EntrypointAnnotation>(out var entrypoint) ? [] : entrypoint.Type switch
        {
            EntrypointType.Script => [entrypoint.Entrypoint],
            EntrypointType.Module when resource is UvicornAppResource && entrypoint.Entrypoint == "uvicorn" => [Launchers.UvicornSupervised],
            EntrypointType.Module when resource.HasAnnotationOfType<ModuleReloadAnnotation>() => [Launchers.ModuleReload, entrypoint.Entrypoint],
            EntrypointType.Module => ["-m", entrypoint.Entrypoint],
            _ => [],
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

    /// <summary>The declared virtual environment (absolute), or null.</summary>
    private static string? VirtualEnvironment(IResource resource)
        => resource.TryGetLastAnnotation<VirtualEnvironmentAnnotation>(out var environment) ? environment.Path : null;

    /// <summary>The <c>WithPythonPath</c> directories (absolute), in order.</summary>
    private static List<string> PythonPath(IResource resource)
        => resource.TryGetLastAnnotation<PythonPathAnnotation>(out var annotation) ? annotation.Directories : [];

    /// <summary>Sets the resource's command from its entrypoint and virtual environment (see <see cref="PythonInterpreter"/>).</summary>
    private static void ApplyCommand<T>(IResourceBuilder<T> builder) where T : PythonAppResource
    {
        if (builder.Resource.TryGetLastAnnotation<EntrypointAnnotation>(out var entrypoint))
        {
            var venv = VirtualEnvironment(builder.Resource);
            builder.WithCommand(entrypoint.Type == EntrypointType.Executable
                ? PythonInterpreter.ExecutableFor(venv, entrypoint.Entrypoint)
                : PythonInterpreter.ForVirtualEnvironment(venv));
        }
    }
}
