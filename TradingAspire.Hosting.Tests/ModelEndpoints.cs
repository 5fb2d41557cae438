namespace TradingAspire.Hosting.Tests;

/// <summary>For model tests without DCP: gives an endpoint the port DCP would have allocated, so expressions evaluate.</summary>
internal static class ModelEndpoints
{
    /// <summary>
    /// Gives <paramref name="resource"/>'s endpoint the ports DCP would allocate: proxy <paramref name="port"/>, and the
    /// process's <paramref name="targetPort"/> (default <paramref name="port"/>) where the model set none.
    /// </summary>
    public static void Allocate(IResourceWithEndpoints resource, string endpointName, int port, int? targetPort = null)
    {
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName);
        endpoint.TargetPort ??= targetPort ?? port;
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port);
    }
}
