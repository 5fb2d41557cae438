using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting;

/// <summary>
/// The temporary data directory a native server uses for one run when nothing keeps its data (PostgreSQL without
/// <c>WithDataDirectory</c>, Redis without <c>WithPersistence</c>), as a container without a volume.
/// </summary>
internal static class EphemeralDirectory
{
    /// <summary>
    /// Deletes <paramref name="ephemeralDirectory"/> when the app has stopped gracefully (its processes have ended by then),
    /// unless the resource's <paramref name="dataDirectory"/> (read then, after every <c>With...</c> call) moved elsewhere:
    /// a directory the user chose is never deleted. A failure is logged as a warning on the resource.
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
