using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Hosting;

/// <summary>Publish mode's <c>PublishAsContainer</c> of the PostgreSQL and Redis executables: Aspire's container in their place.</summary>
internal static class PublishedContainer
{
    /// <summary>
    /// In publish mode, once: replaces the executable with <paramref name="addContainer"/>'s container (given the
    /// executable's port), records it in a <see cref="PublishedResourceAnnotation"/>, then runs <paramref name="configure"/>.
    /// </summary>
    public static IResourceBuilder<TServer> Replace<TServer, TContainer>(IResourceBuilder<TServer> builder, string endpointName,
        Func<IDistributedApplicationBuilder, TServer, int?, IResourceBuilder<TContainer>> addContainer, Action<IResourceBuilder<TContainer>>? configure)
        where TServer : ExecutableResource where TContainer : ContainerResource, IResourceWithConnectionString
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (application, server) = (builder.ApplicationBuilder, builder.Resource);
        if (!application.ExecutionContext.IsPublishMode || server.HasAnnotationOfType<PublishedResourceAnnotation>())
        {
            return builder;
        }

        application.Resources.Remove(server);
        var container = addContainer(application, server, server.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName).Port);
        RemoveHealthCheck(application, server.Name);
        server.Annotations.Add(new PublishedResourceAnnotation(container.Resource));
        configure?.Invoke(container);
        return builder;
    }

    /// <summary>Drops the executable's health check <c>{resourceName}_check</c>, whose name Aspire's container registers again.</summary>
    public static void RemoveHealthCheck(IDistributedApplicationBuilder builder, string resourceName)
    {
        var key = $"{resourceName}_check";
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            if (options.Registrations.Count(r => r.Name == key) > 1)
            {
                options.Registrations.Remove(options.Registrations.First(r => r.Name == key));
            }
        });
    }
}
