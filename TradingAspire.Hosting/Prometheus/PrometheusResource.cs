namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Prometheus run natively (Debian's <c>prometheus</c> executable), scraping every resource that declares a metrics
/// endpoint with <c>WithMetricsEndpoint</c>. Ours: Aspire has no Prometheus integration.
/// </summary>
/// <param name="name">The resource name.</param>
/// <param name="stateDirectory">The directory (absolute) that holds its generated configuration and its data.</param>
public class PrometheusResource(string name, string stateDirectory)
    : ExecutableResource(name, "prometheus", stateDirectory)
{
    /// <summary>The configuration file written before each start: <c>{state}/prometheus.yml</c>.</summary>
    public string ConfigFilePath => Path.Combine(WorkingDirectory, "prometheus.yml");

    /// <summary>The TSDB directory: <c>{state}/data</c>.</summary>
    public string DataDirectory => Path.Combine(WorkingDirectory, "data");
}
