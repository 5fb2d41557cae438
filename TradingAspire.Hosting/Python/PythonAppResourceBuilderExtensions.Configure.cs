namespace Aspire.Hosting;

public static partial class PythonAppResourceBuilderExtensions
{
    /// <summary>
    /// Declares the app's virtual environment. When <c>{virtualEnvironmentPath}/bin/python</c> exists (checked when
    /// declared and again when the application starts), it runs the app; otherwise Debian's <c>/usr/bin/python3</c>
    /// does, and the start logs that the environment is missing.
    /// </summary>
    /// <param name="builder">The Python resource builder.</param>
    /// <param name="virtualEnvironmentPath">Absolute, or relative to the app directory (e.g. <c>.venv</c>).</param>
    /// <param name="createIfNotExists">
    /// Accepted for compatibility with Aspire 13, which creates the environment with pip/uv from PyPI. PyPI is not
    /// reachable here, so no environment is created: create one yourself (<c>/usr/bin/python3 -m venv
    /// --system-site-packages .venv</c>) when you need one.
    /// </param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithVirtualEnvironment<T>(this IResourceBuilder<T> builder, string virtualEnvironmentPath, bool createIfNotExists = true)
        where T : PythonAppResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(virtualEnvironmentPath);

        builder.WithAnnotation(new VirtualEnvironmentAnnotation(Path.GetFullPath(virtualEnvironmentPath, builder.Resource.WorkingDirectory)),
            ResourceAnnotationMutationBehavior.Replace);
        ApplyCommand(builder);
        return builder;
    }

    /// <summary>
    /// Changes what the resource runs (as Aspire 13's <c>WithEntrypoint</c>): a script (<c>python {entrypoint}</c>),
    /// a module (<c>python -m {entrypoint}</c>) or an executable. Arguments added with <c>WithArgs</c> follow it.
    /// </summary>
    /// <param name="builder">The Python resource builder.</param>
    /// <param name="entrypointType">How <paramref name="entrypoint"/> is launched.</param>
    /// <param name="entrypoint">Script path, module name or executable name.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithEntrypoint<T>(this IResourceBuilder<T> builder, EntrypointType entrypointType, string entrypoint)
        where T : PythonAppResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(entrypoint);
        builder.WithAnnotation(new EntrypointAnnotation(entrypointType, entrypoint), ResourceAnnotationMutationBehavior.Replace);
        ApplyCommand(builder);
        return builder;
    }

    /// <summary>
    /// Accepted for compatibility with Aspire 13, where it sets up IDE debugging of the app. Here it only marks the
    /// resource: no IDE debug session is launched by this integration.
    /// </summary>
    /// <param name="builder">The Python resource builder.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithDebugging<T>(this IResourceBuilder<T> builder) where T : PythonAppResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new DebuggingAnnotation(), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>
    /// Adds directories to the app's <c>PYTHONPATH</c>, in order, e.g. a shared package beside the app
    /// (<c>.WithPythonPath("../common")</c>). Not in Aspire's API (ours). The import check uses them too.
    /// </summary>
    /// <param name="builder">The Python resource builder.</param>
    /// <param name="directories">Absolute, or relative to the app directory.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<T> WithPythonPath<T>(this IResourceBuilder<T> builder, params string[] directories) where T : PythonAppResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(directories);
        if (!builder.Resource.TryGetLastAnnotation<PythonPathAnnotation>(out var annotation))
        {
            annotation = new PythonPathAnnotation();
            builder.WithAnnotation(annotation);
        }

        foreach (var directory in directories)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory, nameof(directories));
            annotation.Directories.Add(Path.GetFullPath(directory, builder.Resource.WorkingDirectory));
        }

        ApplyContainerBuild(builder.ApplicationBuilder, builder.Resource);  // publish mode: the build context may widen
        return builder;
    }

    private static async Task CheckImportsAsync(PythonAppResource resource, BeforeResourceStartedEvent @event, CancellationToken cancellationToken)
    {
        var venv = VirtualEnvironment(resource);
        var interpreter = PythonInterpreter.ForVirtualEnvironment(venv);
        if (venv is not null && interpreter == PythonInterpreter.DebianPython)
        {
            ResourceStartFailure.LogWarning(@event.Services, resource,
                $"The virtual environment {venv} has no bin/python: running with {interpreter} (Debian's packages). " +
                $"Create it with: {PythonInterpreter.DebianPython} -m venv --system-site-packages {venv}");
        }

        var requirements = PythonRequirements.Read(resource.WorkingDirectory).ToList();
        if (resource is UvicornAppResource && !requirements.Any(r => r.Module == "uvicorn"))
        {
            requirements.Insert(0, new PythonRequirement("uvicorn", "python3-uvicorn"));
        }

        IReadOnlyList<PythonRequirement> missing;
        try
        {
            missing = await PythonImportCheck.FindMissingAsync(interpreter, requirements, PythonPath(resource), resource.WorkingDirectory, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DistributedApplicationException ex)
        {
            throw ResourceStartFailure.Create(@event.Services, resource, $"Resource '{resource.Name}' cannot start: {ex.Message}", ex);
        }

        if (missing.Count > 0)
        {
            throw ResourceStartFailure.Create(@event.Services, resource,
                PythonImportCheck.MissingModulesMessage(resource.Name, interpreter, resource.WorkingDirectory, missing));
        }
    }
}
