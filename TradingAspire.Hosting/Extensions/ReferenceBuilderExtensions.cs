using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting;

/// <summary><c>WithReference</c>: inject connection strings and service-discovery variables.</summary>
public static class ReferenceBuilderExtensions
{
    /// <summary>
    /// Injects <c>ConnectionStrings__{name}</c> (and its portable alias), <c>{NAME}_HOST/_PORT/_USERNAME/_PASSWORD/_URI</c>
    /// and, for Python apps, the seed-era variables (<c>DATABASE_URL</c>, <c>REDIS_URL</c>).
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : IResourceWithEnvironment
    {
        var resource = source.Resource;
        builder.WithAnnotation(new ResourceRelationshipAnnotation(resource, "Reference"));
        return builder.WithEnvironment(async context =>
        {
            var connectionString = await resource.GetConnectionStringAsync(context.CancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Resource '{resource.Name}' has no connection string yet.");
            var key = EnvironmentVariableNames.ConnectionString(resource.ConnectionStringName);
            context.SetSecret(key, connectionString);
            context.SetSecret(EnvironmentVariableNames.Portable(key), connectionString);

            var properties = await resource.GetConnectionPropertiesAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var (property, value) in properties)
            {
                var name = EnvironmentVariableNames.ConnectionProperty(resource.Name, property);
                context.EnvironmentVariables[name] = value;
                if (property is "PASSWORD" or "URI")
                {
                    context.SecretNames.Add(name);
                }
            }

            if (context.Resource.Annotations.OfType<LegacyConnectionVariablesAnnotation>().Any())
            {
                foreach (var (name, value) in await resource.GetLegacyEnvironmentAsync(context.CancellationToken).ConfigureAwait(false))
                {
                    context.SetSecret(name, value);
                }
            }
        });
    }

    /// <summary>
    /// Injects service discovery for every endpoint of <paramref name="source"/>:
    /// <c>services__{name}__{endpoint}__0</c> and <c>{NAME}_{ENDPOINT}</c>.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithServiceDiscovery> source)
        where T : IResourceWithEnvironment
    {
        var resource = source.Resource;
        builder.WithAnnotation(new ResourceRelationshipAnnotation(resource, "Reference"));
        return builder.WithEnvironment(context =>
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                InjectEndpoint(context, new EndpointReference(resource, endpoint.Name));
            }
        });
    }

    /// <summary>Injects service discovery for one endpoint.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, EndpointReference endpoint)
        where T : IResourceWithEnvironment
    {
        builder.WithAnnotation(new ResourceRelationshipAnnotation(endpoint.Resource, "Reference"));
        return builder.WithEnvironment(context => InjectEndpoint(context, endpoint));
    }

    private static void InjectEndpoint(EnvironmentCallbackContext context, EndpointReference endpoint)
    {
        var url = endpoint.Url;
        context.EnvironmentVariables[EnvironmentVariableNames.ServiceDiscovery(endpoint.Resource.Name, endpoint.EndpointName)] = url;
        context.EnvironmentVariables[EnvironmentVariableNames.EndpointUrl(endpoint.Resource.Name, endpoint.EndpointName)] = url;
    }
}
