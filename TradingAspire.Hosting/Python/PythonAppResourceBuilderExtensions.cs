namespace Aspire.Hosting;

/// <summary>
/// Python apps: Aspire 13's <c>AddPythonApp</c>, <c>AddPythonModule</c> and <c>AddUvicornApp</c> with the same
/// signatures, plus ours (<c>WithPythonPath</c>, <c>WithWorkers</c>), for a machine without PyPI: the interpreter is
/// always Debian's <c>/usr/bin/python3</c> (no virtual environment, so <c>WithVirtualEnvironment</c>, <c>WithPip</c> and
/// <c>AddPythonExecutable</c> are not mirrored). Before each start the modules in <c>requirements.txt</c> are checked; a
/// missing one fails the start naming its <c>apt-get install</c> line. Each app gets <c>PYTHONUNBUFFERED=1</c> and, when
/// the AppHost has a dashboard, its OTLP/HTTP endpoint in Aspire's <c>OTEL_*</c> variables.
/// </summary>
public static partial class PythonAppResourceBuilderExtensions
{
    /// <summary>Adds a Python script run as <c>python {scriptPath}</c> in <paramref name="appDirectory"/>.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The app directory, relative to the AppHost directory (or absolute).</param>
    /// <param name="scriptPath">The script, relative to <paramref name="appDirectory"/>, e.g. <c>main.py</c>.</param>
    public static IResourceBuilder<PythonAppResource> AddPythonApp(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string appDirectory, string scriptPath)
        => AddPythonCore(builder, name, appDirectory, scriptPath, isModule: false, static (n, e, d) => new PythonAppResource(n, e, d));

    /// <summary>
    /// Adds a Python module run as <c>python -m {moduleName}</c> in <paramref name="appDirectory"/>. In Development it runs
    /// under <c>module_reload.py</c>, which restarts it when a <c>.py</c> file under the app or <c>WithPythonPath</c>
    /// directories changes (a syntax error stops it, logged, until a change compiles) and ends with the module's status.
    /// A failed start-up (exit code 1 within 10 s) does not end the launcher: it parks the module until a change, and also
    /// starts it again by itself after 5 s, doubling up to 60 s (from 5 s again after a run past 10 s; <c>MODULE_RELOAD_RETRY_SECONDS</c>).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The app directory, relative to the AppHost directory (or absolute).</param>
    /// <param name="moduleName">The module, e.g. <c>strategy</c>.</param>
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
    /// Adds an ASGI app served by uvicorn: <c>python uvicorn_supervised.py {app} --host 127.0.0.1 --port {port}</c>, plus
    /// <c>--reload</c> in Development, with an <c>http</c> endpoint whose port is also in <c>PORT</c> (as Aspire's;
    /// <c>.WithHttpEndpoint(port: 8000, env: "PORT")</c> fixes the port). The launcher ends the resource when the server
    /// dies with a configuration error (exit code 2) or before it ever served, where uvicorn's reload supervisor would keep
    /// running without a server, and writes uvicorn's information lines on stdout (uvicorn writes them on stderr, which
    /// the dashboard shows as errors).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The app directory, relative to the AppHost directory (or absolute).</param>
    /// <param name="app">The ASGI app as <c>module:attribute</c>, e.g. <c>trading_api.main:app</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="app"/> is not <c>module:attribute</c>.</exception>
    /// <remarks>
    /// Deliberate differences from Aspire 13's: Debian's interpreter under the launcher (Aspire: the virtual environment's
    /// <c>uvicorn</c>); <c>--host 127.0.0.1</c> (Aspire: <c>localhost</c>); <c>--reload</c> only in Development (Aspire:
    /// always); <paramref name="app"/> is checked (Aspire: unchecked); no HTTPS certificate arguments.
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

        var uvicorn = AddPythonCore(builder, name, appDirectory, "uvicorn", isModule: true, static (n, e, d) => new UvicornAppResource(n, e, d), app)
            .WithHttpEndpoint(env: "PORT");
        // The container's arguments are PublishAsContainer's: no launcher path, all interfaces.
        return builder.ExecutionContext.IsRunMode ? uvicorn.WithArgs(UvicornArgs(uvicorn.Resource, app, "127.0.0.1", Reloads(builder))) : uvicorn;
    }

    private static object[] UvicornArgs(IResourceWithEndpoints resource, string app, string host, bool reload)
        => [app, "--host", host, "--port", resource.GetEndpoint("http").Property(EndpointProperty.TargetPort), .. reload ? ["--reload"] : Array.Empty<object>()];

    /// <summary>
    /// Serves the app with <paramref name="workers"/> uvicorn processes (<c>--workers N</c>) sharing the listening socket,
    /// each a full copy of the app. Not in Development (<c>--reload</c> serves from one process) nor in publish mode (a
    /// cluster scales with replicas).
    /// </summary>
    /// <param name="builder">The uvicorn app.</param>
    /// <param name="workers">Worker processes, 1 to 64; 1 is uvicorn's default (one process, no supervisor).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is not from 1 to 64.</exception>
    public static IResourceBuilder<UvicornAppResource> WithWorkers(this IResourceBuilder<UvicornAppResource> builder, int workers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (workers is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers,
                $"Uvicorn workers of '{builder.Resource.Name}' must be from 1 to 64, got {workers}. Example: WithWorkers(2) for a 2-core machine.");
        }

        return Reloads(builder.ApplicationBuilder) || workers == 1 || builder.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? builder
            : builder.WithArgs("--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Adds directories to the app's <c>PYTHONPATH</c>, in order, e.g. <c>.WithPythonPath("../common")</c> (ours).</summary>
    /// <param name="builder">The Python resource builder.</param>
    /// <param name="directories">Absolute, or relative to the app directory.</param>
    public static IResourceBuilder<T> WithPythonPath<T>(this IResourceBuilder<T> builder, params string[] directories) where T : PythonAppResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(directories);
        Array.ForEach(directories, directory => ArgumentException.ThrowIfNullOrEmpty(directory, nameof(directories)));

        var added = directories.Select(directory => Path.GetFullPath(directory, builder.Resource.WorkingDirectory));
        builder.WithAnnotation(new PythonPathAnnotation([.. PythonPath(builder.Resource), .. added]), ResourceAnnotationMutationBehavior.Replace);
        ApplyContainerBuild(builder.ApplicationBuilder, builder.Resource);  // publish mode: the build context may widen
        return builder;
    }

    /// <summary>Uvicorn apps run with <c>--reload</c> and modules under the reloading launcher in Development.</summary>
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
            .WithStartPreparation(CheckImportsAsync);
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

    private static async Task CheckImportsAsync(PythonAppResource resource, BeforeResourceStartedEvent @event, CancellationToken cancellationToken)
    {
        var requirements = PythonRequirements.Read(resource.WorkingDirectory).ToList();
        if (resource is UvicornAppResource && !requirements.Any(r => r.Module == "uvicorn"))
        {
            requirements.Insert(0, new PythonRequirement("uvicorn", "python3-uvicorn"));
        }

        var (name, directory) = (resource.Name, resource.WorkingDirectory);
        var missing = await PythonImportCheck.FindMissingAsync(name, DebianPython, requirements, PythonPath(resource), directory, cancellationToken)
            .ConfigureAwait(false);
        if (missing.Count > 0)
        {
            throw new DistributedApplicationException(PythonImportCheck.MissingModulesMessage(name, DebianPython, directory, missing));
        }
    }

    private static IReadOnlyList<string> PythonPath(IResource resource)
        => resource.TryGetLastAnnotation<PythonPathAnnotation>(out var annotation) ? annotation.Directories : [];
}
