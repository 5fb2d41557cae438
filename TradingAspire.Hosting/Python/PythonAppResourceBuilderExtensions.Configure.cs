namespace Aspire.Hosting;

public static partial class PythonAppResourceBuilderExtensions
{
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
}
