using Microsoft.Extensions.DependencyInjection;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Testing;

/// <summary>What tests ask a running application for: HTTP clients, connection strings, endpoints.</summary>
public static class DistributedApplicationTestingExtensions
{
    /// <summary>An <see cref="HttpClient"/> whose base address is the resource's endpoint.</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName, string? endpointName = null)
        => new() { BaseAddress = app.GetEndpoint(resourceName, endpointName) };

    /// <summary>The URL of a resource endpoint (the first one when <paramref name="endpointName"/> is null).</summary>
    public static Uri GetEndpoint(this DistributedApplication app, string resourceName, string? endpointName = null)
    {
        var resource = Find(app, resourceName);
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        var endpoint = (endpointName is null ? endpoints.FirstOrDefault() : endpoints.FirstOrDefault(e => e.Name == endpointName))
            ?? throw new InvalidOperationException(
                $"Resource '{resourceName}' has no endpoint{(endpointName is null ? "" : $" named '{endpointName}'")}. Its endpoints: {string.Join(", ", endpoints.Select(e => e.Name).DefaultIfEmpty("(none)"))}.");
        var allocated = endpoint.AllocatedEndpoint
            ?? throw new InvalidOperationException($"Endpoint '{endpoint.Name}' of '{resourceName}' is not allocated; start the application first.");
        return new Uri(allocated.Url);
    }

    /// <summary>The connection string of a resource that has one (a database, Redis).</summary>
    public static async Task<string?> GetConnectionStringAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken = default)
        => Find(app, resourceName) is IResourceWithConnectionString resource
            ? await resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
            : throw new InvalidOperationException($"Resource '{resourceName}' has no connection string.");

    private static IResource Find(DistributedApplication app, string resourceName)
        => app.Services.GetRequiredService<DistributedApplicationModel>().Find(resourceName)
           ?? throw new InvalidOperationException(
               $"No resource named '{resourceName}'. Resources: {string.Join(", ", app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r => r.Name))}.");
}
