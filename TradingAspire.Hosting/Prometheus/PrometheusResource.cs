namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Prometheus run natively (Debian's <c>prometheus</c> executable), scraping every resource that declares a metrics
/// endpoint with <c>WithMetricsEndpoint</c>. Ours: Aspire has no Prometheus integration.
/// </summary>
/// <param name="name">The resource name.</param>
/// <param name="configFilePath">The configuration file (absolute) written before each start.</param>
/// <param name="dataDirectory">The TSDB directory (absolute); also the process's working directory.</param>
public class PrometheusResource(string name, string configFilePath, string dataDirectory)
    : ExecutableResource(name, "prometheus", dataDirectory)
{
    /// <summary>The configuration file written before each start: <c>{state}/config/{name}/prometheus.yml</c>.</summary>
    public string ConfigFilePath { get; } = configFilePath;

    /// <summary>The TSDB directory: <c>{state}/data/{name}</c>.</summary>
    public string DataDirectory { get; } = dataDirectory;
}
