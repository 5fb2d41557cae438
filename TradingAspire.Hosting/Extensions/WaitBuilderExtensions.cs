using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting;

/// <summary><c>WaitFor</c> and <c>WaitForCompletion</c>: the edges of the dependency graph.</summary>
public static class WaitBuilderExtensions
{
    /// <summary>Starts the resource only once <paramref name="dependency"/> is Running and Healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport
    {
        ThrowIfSelf(builder.Resource, dependency.Resource);
        builder.WithAnnotation(new ResourceRelationshipAnnotation(dependency.Resource, "WaitFor"));
        return builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.WaitUntilHealthy));
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> has exited with <paramref name="exitCode"/>.</summary>
    public static IResourceBuilder<T> WaitForCompletion<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency, int exitCode = 0)
        where T : IResourceWithWaitSupport
    {
        ThrowIfSelf(builder.Resource, dependency.Resource);
        builder.WithAnnotation(new ResourceRelationshipAnnotation(dependency.Resource, "WaitFor"));
        return builder.WithAnnotation(new WaitAnnotation(dependency.Resource, WaitType.WaitForCompletion, exitCode));
    }

    private static void ThrowIfSelf(IResource resource, IResource dependency)
    {
        if (ReferenceEquals(resource, dependency))
        {
            throw new InvalidOperationException($"Resource '{resource.Name}' cannot wait for itself. Remove .WaitFor({resource.Name}).");
        }
    }
}
