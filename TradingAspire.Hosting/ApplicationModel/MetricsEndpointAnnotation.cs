namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Marks a resource whose Prometheus metrics Prometheus should scrape (<c>WithMetricsEndpoint</c>).</summary>
public sealed class MetricsEndpointAnnotation(string path, string endpointName) : IResourceAnnotation
{
    /// <summary>The scrape path, e.g. <c>/metrics</c>.</summary>
    public string Path { get; } = path;

    /// <summary>The endpoint serving it.</summary>
    public string EndpointName { get; } = endpointName;
}
