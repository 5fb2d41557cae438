using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>
/// <c>WaitFor</c> and <c>WaitForCompletion</c> as init containers: waiting for a resource is waiting until its Service
/// accepts a connection (a Service routes only to ready pods, so this is "healthy" in Kubernetes' terms); waiting for a
/// completion is <c>kubectl wait --for=condition=complete job/NAME</c> (the pod's ServiceAccount may read Jobs).
/// </summary>
internal static class WorkloadInitContainers
{
    public static List<object> For(IResource workload, HelmChartWorkloads workloads, HelmValues values, KubernetesEnvironmentResource environment)
    {
        var containers = new List<object>();
        var seen = new HashSet<string>();
        foreach (var wait in workload.Annotations.OfType<WaitAnnotation>())
        {
            var target = workloads.WorkloadOf(wait.Resource);
            if (target == workload || !seen.Add(target.Name))
            {
                continue;
            }

            if (wait.WaitType == WaitType.WaitForCompletion)
            {
                var image = values.Set("images.waitForJob", environment.WaitForJobImage);
                containers.Add(Container($"wait-for-{target.Name}", image,
                    $"until kubectl wait --for=condition=complete job/{target.Name} --timeout=600s; do echo waiting for job {target.Name}; sleep 2; done"));
                continue;
            }

            var endpoint = target.Annotations.OfType<EndpointAnnotation>().FirstOrDefault()
                ?? throw new InvalidOperationException($"'{workload.Name}' waits for '{target.Name}', which has no endpoint to wait on.");
            var port = HelmChartWorkloads.ServicePort(endpoint).ToString(CultureInfo.InvariantCulture);
            containers.Add(Container($"wait-for-{target.Name}", values.Set("images.waitForService", environment.WaitForServiceImage),
                $"until nc -z -w 2 {target.Name} {port}; do echo waiting for {target.Name}:{port}; sleep 2; done"));
        }

        return containers;
    }

    private static YamlMapping Container(string name, string imagePath, string script)
        => new YamlMapping()
            .With("name", name)
            .With("image", HelmExpression.Value(imagePath, quote: true))
            .With("command", new List<object> { "/bin/sh", "-c", script })
            .With("resources", new YamlMapping().With("requests", new YamlMapping().With("cpu", "10m").With("memory", "16Mi")));
}
