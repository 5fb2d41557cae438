namespace TradingAspire.Hosting;

/// <summary>The data directory a native server uses for one run when nothing keeps its data, as a container without a volume.</summary>
internal static class EphemeralDirectory
{
    /// <summary>
    /// Deletes <paramref name="ephemeralDirectory"/> when the app has stopped, unless the resource was given a data directory
    /// (a <see cref="DataDirectoryAnnotation"/>, looked for then, after every <c>With...</c> call): a directory the user chose is never deleted.
    /// </summary>
    public static void DeleteWhenTheAppStops(IDistributedApplicationBuilder builder, IResource resource, string ephemeralDirectory)
    {
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() =>
            {
                if (resource.HasAnnotationOfType<DataDirectoryAnnotation>() || !Directory.Exists(ephemeralDirectory))
                {
                    return;
                }

                try
                {
                    Directory.Delete(ephemeralDirectory, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning("Could not delete the temporary data directory {DataDirectory}: {Reason}", ephemeralDirectory, e.Message);
                }
            });
            return Task.CompletedTask;
        });
    }
}
