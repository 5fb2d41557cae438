using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Kubernetes;

/// <summary>The <c>PublishAsKubernetesService</c> callbacks of a resource, applied in order to its <see cref="KubernetesResource"/>.</summary>
public sealed class KubernetesServiceAnnotation(Action<KubernetesResource> configure) : IResourceAnnotation
{
    /// <summary>The callback.</summary>
    public Action<KubernetesResource> Configure { get; } = configure ?? throw new ArgumentNullException(nameof(configure));
}
