namespace TradingAspire.Hosting;

/// <summary>The data directory a native server uses for one run when nothing keeps its data, as a container without a volume.</summary>
internal static class EphemeralDirectory
{
    /// <summary>
    /// Deletes <paramref name="ephemeralDirectory"/> when the app has stopped, unless <paramref name="dataDirectory"/>
    /// (read then, after every <c>With...</c> call) moved elsewhere: a directory the user chose is never deleted.
    /// </summary>
    public static void DeleteWhenTheAppStops(IDistributedApplicationBuilder builder, IResource resource, Func<string> dataDirectory, string ephemeralDirectory)
    {
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() =>
            {
                if (dataDirectory() != ephemeralDirectory || !Directory.Exists(ephemeralDirectory))
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
