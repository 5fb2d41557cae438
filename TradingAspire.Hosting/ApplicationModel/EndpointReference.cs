namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A late-bound reference to a resource endpoint; its URL is known once ports are allocated.</summary>
public sealed class EndpointReference(IResourceWithEndpoints resource, string endpointName)
{
    /// <summary>The resource that owns the endpoint.</summary>
    public IResourceWithEndpoints Resource { get; } = resource;

    /// <summary>The endpoint name.</summary>
    public string EndpointName { get; } = endpointName;

    /// <summary>The endpoint annotation, or an exception naming the resource and its endpoints.</summary>
    public EndpointAnnotation Annotation =>
        Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException(
            $"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'. Its endpoints: " +
            $"{string.Join(", ", Resource.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name).DefaultIfEmpty("(none)"))}.");

    /// <summary>True once the orchestrator has allocated the endpoint.</summary>
    public bool IsAllocated => Annotation.AllocatedEndpoint is not null;

    /// <summary>The allocated address; throws when read before allocation.</summary>
    public AllocatedEndpoint Allocated => Annotation.AllocatedEndpoint
        ?? throw new InvalidOperationException($"Endpoint '{EndpointName}' of resource '{Resource.Name}' is not allocated yet; read it after the application has started.");

    /// <summary>The endpoint URL.</summary>
    public string Url => Allocated.Url;

    /// <summary>The allocated host.</summary>
    public string Host => Allocated.Host;

    /// <summary>The allocated port.</summary>
    public int Port => Allocated.Port;
}
