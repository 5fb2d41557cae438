namespace TradingAspire.Hosting;

/// <summary>
/// What an executable resource checks and prepares before each start. A failure fails that start (FailedToStart) with
/// its message in the resource's console log (<see cref="StartFailure"/>).
/// </summary>
internal static class ExecutableInstallCheck
{
    /// <summary>
    /// Fails the start while the resource's command is not on PATH:
    /// <c>Resource 'x' cannot start: 'cmd' is not installed (not found on PATH). {fix}</c>.
    /// </summary>
    /// <param name="builder">The resource.</param>
    /// <param name="fix">What installs it, e.g. <c>Install it with: apt-get install -y prometheus</c>.</param>
    public static IResourceBuilder<T> WithInstallCheck<T>(this IResourceBuilder<T> builder, string fix) where T : ExecutableResource
        => builder.WithInstallCheck(resource => ExecutableSearch.Find(resource.Command) is null
            ? $"Resource '{resource.Name}' cannot start: '{resource.Command}' is not installed (not found on PATH). {fix}"
            : null);

    /// <summary>Fails the start with <paramref name="notInstalledMessage"/>'s message; null while the program is installed.</summary>
    public static IResourceBuilder<T> WithInstallCheck<T>(this IResourceBuilder<T> builder, Func<T, string?> notInstalledMessage)
        where T : ExecutableResource
        => builder.OnBeforeResourceStarted((resource, @event, _) => notInstalledMessage(resource) is { } message
            ? throw StartFailure(@event.Services, resource, message)
            : Task.CompletedTask);

    /// <summary>Runs <paramref name="prepare"/>; its <see cref="DistributedApplicationException"/> fails the start.</summary>
    public static IResourceBuilder<T> WithStartPreparation<T>(this IResourceBuilder<T> builder,
        Func<T, BeforeResourceStartedEvent, CancellationToken, Task> prepare) where T : ExecutableResource
        => builder.OnBeforeResourceStarted(async (resource, @event, cancellationToken) =>
        {
            try
            {
                await prepare(resource, @event, cancellationToken).ConfigureAwait(false);
            }
            catch (DistributedApplicationException ex)
            {
                throw StartFailure(@event.Services, resource, ex.Message, ex);
            }
        });

    /// <summary>
    /// Fails a resource's start from its <see cref="BeforeResourceStartedEvent"/> handler: the message goes to the
    /// resource's console log and the returned exception, thrown by the handler, makes Aspire mark it FailedToStart.
    /// </summary>
    public static DistributedApplicationException StartFailure(IServiceProvider services, IResource resource, string message, Exception? inner = null)
    {
        services.GetRequiredService<ResourceLoggerService>().GetLogger(resource).LogError("{Message}", message);
        return inner is null ? new DistributedApplicationException(message) : new DistributedApplicationException(message, inner);
    }
}
