using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Kubernetes;

namespace Aspire.Hosting;

/// <summary><c>PublishAsKubernetesService</c>: how a resource runs in the cluster (as Aspire 13's Kubernetes integration names it).</summary>
public static class KubernetesServiceExtensions
{
    /// <summary>
    /// Adjusts how the resource is written into the Helm chart (replicas, single instance, requests, grace period,
    /// storage size). Has effect in publish mode only; callbacks run in the order they were added.
    /// </summary>
    /// <example><code>gateway.PublishAsKubernetesService(service => service.SingleInstance = true);</code></example>
    public static IResourceBuilder<T> PublishAsKubernetesService<T>(this IResourceBuilder<T> builder, Action<KubernetesResource> configure)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.WithAnnotation(new KubernetesServiceAnnotation(configure), ResourceAnnotationMutationBehavior.Append);
    }

    internal static KubernetesResource KubernetesSettings(this IResource resource)
    {
        var settings = new KubernetesResource(resource.Name);
        foreach (var annotation in resource.Annotations.OfType<KubernetesServiceAnnotation>())
        {
            annotation.Configure(settings);
        }

        return settings;
    }
}
