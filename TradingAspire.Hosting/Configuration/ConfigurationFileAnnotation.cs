namespace TradingAspire.Hosting;

/// <summary>A server's own settings file (absolute) included before ours: <c>WithConfigurationFile</c>.</summary>
internal sealed record ConfigurationFileAnnotation(string Path) : IResourceAnnotation
{
    /// <summary><c>WithConfigurationFile</c>: <paramref name="path"/>, relative to the AppHost directory, in place of any earlier file.</summary>
    public static IResourceBuilder<T> Set<T>(IResourceBuilder<T> builder, string path) where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithAnnotation(new ConfigurationFileAnnotation(System.IO.Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory)),
            ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Throws when <paramref name="file"/> is set but missing, naming the fix; <paramref name="syntax"/> is the file's syntax with an
    /// example setting.</summary>
    public static void ThrowIfMissing(string resourceName, string? file, string syntax)
    {
        if (file is not null && !File.Exists(file))
        {
            throw new DistributedApplicationException($"The configuration file of '{resourceName}' does not exist: {file}. Create it ({syntax}) " +
                "or fix the path given to WithConfigurationFile (relative to the AppHost directory).");
        }
    }
}
