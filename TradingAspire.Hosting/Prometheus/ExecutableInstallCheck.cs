namespace TradingAspire.Hosting;

/// <summary>The check, before each start, that an executable resource's program is installed.</summary>
internal static class ExecutableInstallCheck
{
    /// <summary>
    /// Fails each start (FailedToStart, the message in the resource's log) while the resource's command is not found on
    /// PATH: <c>Resource 'x' cannot start: 'cmd' is not installed (not found on PATH). {fix}</c>.
    /// </summary>
    /// <param name="builder">The resource.</param>
    /// <param name="fix">What installs it, e.g. <c>Install it with: apt-get install -y prometheus</c>.</param>
    public static IResourceBuilder<T> WithInstallCheck<T>(this IResourceBuilder<T> builder, string fix) where T : ExecutableResource
        => builder.OnBeforeResourceStarted((resource, @event, _) => ExecutableSearch.Find(resource.Command) is null
            ? throw ResourceStartFailure.Create(@event.Services, resource,
                $"Resource '{resource.Name}' cannot start: '{resource.Command}' is not installed (not found on PATH). {fix}")
            : Task.CompletedTask);
}
