using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>
/// The resources of the model that become workloads (projects and containers), and how references reach them: a
/// database resolves to its server, a resource that was replaced in publish mode (an executable published as a
/// container) resolves to the workload of the same name.
/// </summary>
internal sealed class HelmChartWorkloads
{
    private readonly List<IResource> _workloads;
    private readonly HashSet<IResource> _jobs;

    public HelmChartWorkloads(DistributedApplicationModel model)
    {
        var notDeployable = model.Resources
            .Where(r => r is ExecutableResource && !IsExcluded(r))
            .Select(r => r.Name)
            .ToList();
        if (notDeployable.Count > 0)
        {
            throw new InvalidOperationException(
                $"Resource(s) {string.Join(", ", notDeployable.Select(n => $"'{n}'"))} have no deployable form: an executable runs only on this machine. " +
                "Publish it as a container (PublishAsDockerFile, or our integrations' PublishAsContainer) or exclude it (ExcludeFromManifest).");
        }

        _workloads = model.Resources.Where(r => r is ProjectResource or ContainerResource && !IsExcluded(r)).ToList();
        _jobs = _workloads
            .SelectMany(r => r.Annotations.OfType<WaitAnnotation>())
            .Where(w => w.WaitType == WaitType.WaitForCompletion)
            .Select(w => WorkloadOf(w.Resource))
            .ToHashSet();
    }

    /// <summary>Every workload, in the model's order.</summary>
    public IReadOnlyList<IResource> All => _workloads;

    /// <summary>True for a workload others wait to complete (<c>WaitForCompletion</c>): a Job.</summary>
    public bool IsJob(IResource workload) => _jobs.Contains(workload);

    /// <summary>True for a workload with a data volume: a StatefulSet with PersistentVolumeClaims.</summary>
    public static bool IsStateful(IResource workload)
        => workload.Annotations.OfType<ContainerMountAnnotation>().Any(m => m.Type == ContainerMountType.Volume);

    /// <summary>The workload that serves <paramref name="resource"/> (itself, its parent server, or its published stand-in).</summary>
    /// <exception cref="InvalidOperationException">No workload stands for the resource.</exception>
    public IResource WorkloadOf(IResource resource)
    {
        for (var current = resource; ; current = ((IResourceWithParent)current).Parent)
        {
            if (_workloads.Contains(current))
            {
                return current;
            }

            if (_workloads.FirstOrDefault(w => w.Name == current.Name) is { } byName)
            {
                return byName;
            }

            if (current is not IResourceWithParent)
            {
                throw new InvalidOperationException($"Resource '{resource.Name}' is referenced but nothing deployable stands for it in the chart.");
            }
        }
    }

    /// <summary>The Service (DNS) name of the workload that serves <paramref name="resource"/>.</summary>
    public string ServiceNameOf(IResource resource) => WorkloadOf(resource).Name;

    /// <summary>The named endpoint of the workload that serves <paramref name="resource"/>.</summary>
    public EndpointAnnotation EndpointOf(IResource resource, string endpointName)
    {
        var workload = WorkloadOf(resource);
        return workload.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == endpointName)
            ?? throw new InvalidOperationException($"Resource '{workload.Name}' has no endpoint named '{endpointName}'.");
    }

    /// <summary>The Service's port of an endpoint: its port, else its target port.</summary>
    public static int ServicePort(EndpointAnnotation endpoint)
        => endpoint.Port ?? endpoint.TargetPort ?? 8080;

    /// <summary>The container's port of an endpoint: its target port, else its port (8080 for a .NET project without either, as the SDK's images listen).</summary>
    public static int ContainerPort(IResource resource, EndpointAnnotation endpoint)
        => endpoint.TargetPort ?? endpoint.Port ?? 8080;

    private static bool IsExcluded(IResource resource)
        => resource is KubernetesEnvironmentResource ||
           (resource.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var manifest) && manifest == ManifestPublishingCallbackAnnotation.Ignore);
}
