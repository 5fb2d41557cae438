namespace TradingAspire.Hosting;

/// <summary>
/// Fails a resource's start from its <see cref="BeforeResourceStartedEvent"/> handler: the message goes to the
/// resource's console log and the returned exception, thrown by the handler, makes Aspire mark it FailedToStart.
/// </summary>
internal static class ResourceStartFailure
{
    public static DistributedApplicationException Create(IServiceProvider services, IResource resource, string message, Exception? inner = null)
    {
        services.GetRequiredService<ResourceLoggerService>().GetLogger(resource).LogError("{Message}", message);
        return inner is null ? new DistributedApplicationException(message) : new DistributedApplicationException(message, inner);
    }
}
