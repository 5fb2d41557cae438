namespace TradingAspire.Hosting.Tests;

/// <summary>For model tests without DCP: gives an endpoint the port DCP would have allocated, so expressions evaluate.</summary>
internal static class ModelEndpoints
{
    public static void Allocate(IResourceWithEndpoints resource, string endpointName, int port)
    {
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName);
        endpoint.TargetPort ??= port;
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port);
    }
}
