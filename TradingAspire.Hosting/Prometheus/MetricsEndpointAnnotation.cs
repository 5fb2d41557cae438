namespace Aspire.Hosting.ApplicationModel;

/// <summary>Declares that a resource serves Prometheus metrics at <paramref name="Path"/> on endpoint <paramref name="EndpointName"/>.</summary>
/// <param name="Path">The HTTP path, e.g. <c>/metrics</c>.</param>
/// <param name="EndpointName">The resource's endpoint that serves it, e.g. <c>http</c>.</param>
public sealed record MetricsEndpointAnnotation(string Path, string EndpointName) : IResourceAnnotation;
