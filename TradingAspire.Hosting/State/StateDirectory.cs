namespace Aspire.Hosting;

/// <summary>
/// Where the native integrations keep state between runs (PostgreSQL, Redis, Prometheus data): <see cref="ConfigurationKey"/>,
/// relative to the AppHost directory, else <c>{AppHostDirectory}/.tradingaspire</c>.
/// </summary>
public static class StateDirectory
{
    /// <summary>The configuration key that moves the state directory (tests point it at a temporary directory).</summary>
    public const string ConfigurationKey = "TradingAspire:StateDirectory";

    /// <summary>The absolute state directory for <paramref name="builder"/>'s configuration.</summary>
    public static string Resolve(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[ConfigurationKey];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? ".tradingaspire" : configured, builder.AppHostDirectory);
    }

    /// <summary>A resource's data directory: <paramref name="path"/> (relative to the AppHost directory or absolute), else
    /// <c>{state}/data/{resourceName}</c>.</summary>
    public static string DataDirectoryFor(IDistributedApplicationBuilder builder, string resourceName, string? path = null)
        => Path.GetFullPath(path ?? Path.Combine(Resolve(builder), "data", resourceName), builder.AppHostDirectory);

    /// <summary>
    /// Deletes <paramref name="temporaryDirectory"/>, the data directory of one run of the app when nothing keeps
    /// <paramref name="resource"/>'s data (as a container without a volume), once the app has stopped; not when the resource
    /// was given a data directory (a <see cref="DataDirectoryAnnotation"/>, looked for then, after every <c>With...</c> call).
    /// </summary>
    internal static void DeleteWhenTheAppStops(IDistributedApplicationBuilder builder, IResource resource, string temporaryDirectory)
        => builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() =>
            {
                if (resource.HasAnnotationOfType<DataDirectoryAnnotation>() || !Directory.Exists(temporaryDirectory))
                {
                    return;
                }

                try
                {
                    Directory.Delete(temporaryDirectory, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning("Could not delete the temporary data directory {DataDirectory}: {Reason}", temporaryDirectory, e.Message);
                }
            });
            return Task.CompletedTask;
        });
}
