namespace Aspire.Hosting.Kubernetes;

/// <summary>
/// How one resource of the application runs in the cluster, as <c>PublishAsKubernetesService</c>'s callback sees it.
/// Defaults suit a stateless service; the chart writer reads these when it writes the resource's objects.
/// </summary>
/// <param name="name">The resource's name (also its workload's and Service's name).</param>
public sealed class KubernetesResource(string name)
{
    /// <summary>The resource's name.</summary>
    public string Name { get; } = name;

    /// <summary>Pod replicas; a value of the chart (<c>{resource}.replicas</c>) unless <see cref="SingleInstance"/>.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>
    /// True when at most one pod may ever run (a single writer): one replica, not a value, and the Deployment is
    /// replaced with the <c>Recreate</c> strategy (the old pod is gone before the new one starts).
    /// </summary>
    public bool SingleInstance { get; set; }

    /// <summary>CPU request, a Kubernetes quantity (<c>100m</c> = a tenth of a core); a chart value.</summary>
    public string CpuRequest { get; set; } = "100m";

    /// <summary>Memory request, a Kubernetes quantity (<c>128Mi</c>); a chart value.</summary>
    public string MemoryRequest { get; set; } = "128Mi";

    /// <summary>Seconds between SIGTERM (or the preStop hook) and SIGKILL when a pod stops.</summary>
    public int TerminationGracePeriodSeconds { get; set; } = 30;

    /// <summary>Size of each PersistentVolumeClaim of a stateful resource (<c>1Gi</c>); a chart value.</summary>
    public string StorageSize { get; set; } = "1Gi";
}
