using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting;

/// <summary>
/// Fails a resource's start from its <see cref="BeforeResourceStartedEvent"/> handler: the message goes to the
/// resource's console log (shown in the dashboard) and the returned exception, thrown by the handler, makes Aspire
/// mark the resource FailedToStart. Used by the Python, JavaScript and Prometheus integrations for missing
/// prerequisites (binary, Python module, npm).
/// </summary>
internal static class ResourceStartFailure
{
    /// <summary>Logs <paramref name="message"/> as an error of <paramref name="resource"/> and returns the exception to throw.</summary>
    public static DistributedApplicationException Create(IServiceProvider services, IResource resource, string message, Exception? inner = null)
    {
        services.GetRequiredService<ResourceLoggerService>().GetLogger(resource).LogError("{Message}", message);
        return inner is null ? new DistributedApplicationException(message) : new DistributedApplicationException(message, inner);
    }

    /// <summary>Logs <paramref name="message"/> as a warning of <paramref name="resource"/> (shown in its console log).</summary>
    public static void LogWarning(IServiceProvider services, IResource resource, string message)
        => services.GetRequiredService<ResourceLoggerService>().GetLogger(resource).LogWarning("{Message}", message);
}
