using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>
/// Readiness and liveness probes of a workload, from the model: Aspire's probe annotations (<c>WithHttpProbe</c>) when
/// present; else, for a resource with a health check, the conventions of this system's services — an HTTP endpoint
/// serves <c>/health</c> (readiness: the health checks, dependencies included) and <c>/alive</c> (liveness: the process
/// answers), as Aspire's ServiceDefaults map them; PostgreSQL answers <c>pg_isready</c>; another TCP server its port.
/// </summary>
internal static class WorkloadProbes
{
    public static void Add(YamlMapping container, IResource workload)
    {
        var probes = workload.Annotations.OfType<EndpointProbeAnnotation>().ToList();
        if (probes.Count > 0)
        {
            foreach (var probe in probes)
            {
                var name = probe.Type switch { ProbeType.Readiness => "readinessProbe", ProbeType.Liveness => "livenessProbe", _ => "startupProbe" };
                container.With(name, Timing(new YamlMapping().With("httpGet", HttpGet(probe.Path, probe.EndpointReference.EndpointName)),
                    probe.InitialDelaySeconds, probe.PeriodSeconds, probe.TimeoutSeconds, probe.FailureThreshold));
            }

            return;
        }

        if (!workload.Annotations.OfType<HealthCheckAnnotation>().Any())
        {
            return;
        }

        var endpoints = workload.Annotations.OfType<EndpointAnnotation>().ToList();
        if (endpoints.FirstOrDefault(e => e.UriScheme is "http" or "https") is { } http)
        {
            container.With("readinessProbe", Timing(new YamlMapping().With("httpGet", HttpGet("/health", http.Name)), 5, 5, 3, 3));
            container.With("livenessProbe", Timing(new YamlMapping().With("httpGet", HttpGet("/alive", http.Name)), 10, 10, 5, 6));
        }
        else if (workload is PostgresServerResource)
        {
            var ready = new YamlMapping().With("exec", new YamlMapping().With("command", new List<object> { "pg_isready", "-h", "127.0.0.1", "-U", "postgres" }));
            container.With("readinessProbe", Timing(ready, 5, 5, 3, 3));
            container.With("livenessProbe", Timing(new YamlMapping().With("tcpSocket", new YamlMapping().With("port", endpoints[0].Name)), 30, 10, 5, 6));
        }
        else if (endpoints.Count > 0)
        {
            container.With("readinessProbe", Timing(new YamlMapping().With("tcpSocket", new YamlMapping().With("port", endpoints[0].Name)), 5, 5, 3, 3));
            container.With("livenessProbe", Timing(new YamlMapping().With("tcpSocket", new YamlMapping().With("port", endpoints[0].Name)), 30, 10, 5, 6));
        }
    }

    private static YamlMapping HttpGet(string path, string port) => new YamlMapping().With("path", path).With("port", port);

    private static YamlMapping Timing(YamlMapping probe, int? initialDelay, int? period, int? timeout, int? failures)
        => probe.With("initialDelaySeconds", initialDelay).With("periodSeconds", period).With("timeoutSeconds", timeout).With("failureThreshold", failures);
}
