namespace Aspire.Hosting.ApplicationModel;

/// <summary>Debian's <c>prometheus</c>, scraping every resource that declares <c>WithMetricsEndpoint</c>.</summary>
/// <param name="name">The resource name.</param>
/// <param name="configFilePath">The configuration file (absolute) written before each start.</param>
/// <param name="dataDirectory">The TSDB directory (absolute); also the working directory.</param>
public class PrometheusResource(string name, string configFilePath, string dataDirectory)
    : ExecutableResource(name, "prometheus", dataDirectory)
{
    /// <summary>The configuration file written before each start.</summary>
    public string ConfigFilePath { get; } = configFilePath;

    /// <summary>The TSDB directory.</summary>
    public string DataDirectory { get; } = dataDirectory;
}
