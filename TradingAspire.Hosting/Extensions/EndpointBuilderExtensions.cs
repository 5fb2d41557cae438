using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting;

/// <summary><c>WithEndpoint</c>, <c>WithHttpEndpoint</c> and <c>GetEndpoint</c>.</summary>
public static class EndpointBuilderExtensions
{
    /// <summary>
    /// Declares an endpoint. <paramref name="port"/> is the port to listen on (null: a free port is picked);
    /// <paramref name="env"/> names the variable that tells the process its port.
    /// </summary>
    public static IResourceBuilder<T> WithEndpoint<T>(
        this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string scheme = "tcp", string? name = null, string? env = null)
        where T : IResourceWithEndpoints
    {
        var endpointName = name ?? scheme;
        if (builder.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == endpointName))
        {
            throw new InvalidOperationException(
                $"Resource '{builder.Resource.Name}' already has an endpoint named '{endpointName}'. Give the second one another name (name: \"metrics\").");
        }

        PortRules.ThrowIfOutOfRange(port, $"{builder.Resource.Name} endpoint '{endpointName}' port");
        PortRules.ThrowIfOutOfRange(targetPort, $"{builder.Resource.Name} endpoint '{endpointName}' targetPort");
        return builder.WithAnnotation(new EndpointAnnotation(endpointName, scheme, port ?? targetPort, targetPort, env));
    }

    /// <summary>Declares an HTTP endpoint (named <c>http</c> unless <paramref name="name"/> is given).</summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(
        this IResourceBuilder<T> builder, int? port = null, int? targetPort = null, string? name = null, string? env = null)
        where T : IResourceWithEndpoints
        => builder.WithEndpoint(port, targetPort, "http", name ?? "http", env);

    /// <summary>Changes an endpoint declared earlier (e.g. the port of a project's <c>http</c> endpoint).</summary>
    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, string endpointName, Action<EndpointAnnotation> configure)
        where T : IResourceWithEndpoints
    {
        var endpoint = builder.Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == endpointName)
            ?? throw new InvalidOperationException($"Resource '{builder.Resource.Name}' has no endpoint named '{endpointName}'.");
        configure(endpoint);
        PortRules.ThrowIfOutOfRange(endpoint.Port, $"{builder.Resource.Name} endpoint '{endpointName}' port");
        return builder;
    }

    /// <summary>A late-bound reference to one of the resource's endpoints.</summary>
    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name = "http") where T : IResourceWithEndpoints
        => new(builder.Resource, name);
}
