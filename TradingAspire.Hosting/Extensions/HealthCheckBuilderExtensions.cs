using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Health;

namespace TradingAspire.Hosting;

/// <summary><c>WithHttpHealthCheck</c>, <c>WithTcpHealthCheck</c> and <c>WithHealthCheck</c>.</summary>
public static class HealthCheckBuilderExtensions
{
    /// <summary>Healthy when GET <paramref name="path"/> on the endpoint answers <paramref name="statusCode"/>.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(
        this IResourceBuilder<T> builder, string path = "/", int statusCode = 200, string? endpointName = null)
        where T : IResourceWithEndpoints
    {
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException($"Invalid health check path '{path}'. Expected a path starting with '/' (example: \"/health\").", nameof(path));
        }

        var endpoint = new EndpointReference(builder.Resource, endpointName ?? "http");
        return builder.WithAnnotation(new HealthCheckAnnotation(
            $"{builder.Resource.Name}_{endpoint.EndpointName}_health_check",
            services => new HttpHealthCheck(endpoint, path, statusCode)));
    }

    /// <summary>Healthy when a TCP connection to the endpoint succeeds.</summary>
    public static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> builder, string endpointName = "tcp")
        where T : IResourceWithEndpoints
    {
        var endpoint = new EndpointReference(builder.Resource, endpointName);
        return builder.WithAnnotation(new HealthCheckAnnotation(
            $"{builder.Resource.Name}_{endpointName}_tcp_check", services => new TcpHealthCheck(endpoint)));
    }

    /// <summary>Uses a health check registered with <c>builder.Services.AddHealthChecks().AddCheck(key, ...)</c>.</summary>
    public static IResourceBuilder<T> WithHealthCheck<T>(this IResourceBuilder<T> builder, string key) where T : IResource
        => builder.WithAnnotation(new HealthCheckAnnotation(key));

    /// <summary>Uses a health check created for this resource.</summary>
    public static IResourceBuilder<T> WithHealthCheck<T>(this IResourceBuilder<T> builder, string key, Func<IServiceProvider, IResourceHealthCheck> factory)
        where T : IResource
        => builder.WithAnnotation(new HealthCheckAnnotation(key, factory));
}
