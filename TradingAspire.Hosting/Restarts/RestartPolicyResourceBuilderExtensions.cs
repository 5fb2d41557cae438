using Aspire.Hosting.Lifecycle;

namespace Aspire.Hosting;

/// <summary><c>WithRestartPolicy</c>: start an executable or project again when it exits on its own, which stock Aspire does not do.</summary>
public static class RestartPolicyResourceBuilderExtensions
{
    /// <summary>
    /// Restarts the resource after an unexpected exit (a crash, <c>kill -9</c>; not a stop asked from the dashboard, the CLI,
    /// <see cref="ResourceCommandService"/> or the AppHost's shutdown): after <paramref name="initialDelay"/>, doubling per
    /// earlier exit within <paramref name="window"/>, capped at <paramref name="maxDelay"/>. More than <paramref name="maxRestarts"/>
    /// exits within <paramref name="window"/> leave it down with the state <c>Crashed 4 times in 5 min: not restarted (…)</c>.
    /// A pending restart reads <c>Restarting in 2 s (restart 2 of 3)</c>; the property <c>restart.count</c> counts restarts.
    /// </summary>
    /// <param name="builder">An executable (including Python, JavaScript, PostgreSQL and Redis) or a project.</param>
    /// <param name="maxRestarts">Restarts allowed within <paramref name="window"/>; 0 or more. Default 3.</param>
    /// <param name="window">Sliding window the exits are counted in; greater than zero. Default 5 minutes.</param>
    /// <param name="initialDelay">Wait before the first restart; greater than zero, at most <paramref name="maxDelay"/>. Default 1 s.</param>
    /// <param name="maxDelay">Cap of the doubling wait; at least <paramref name="initialDelay"/>. Default 30 s.</param>
    /// <param name="preventRestartExitCodes">Exit codes after which it is left down at once, as systemd's
    /// <c>RestartPreventExitStatus</c>: codes that mean a restart would fail the same way (e.g. <c>[2]</c>, a configuration
    /// error for this repository's services); state <c>Exited with code 2: not restarted, a restart would fail the same way (…)</c>.
    /// Default none.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range (the message names it, its range and an example).</exception>
    public static IResourceBuilder<T> WithRestartPolicy<T>(this IResourceBuilder<T> builder, int maxRestarts = 3, TimeSpan? window = null,
        TimeSpan? initialDelay = null, TimeSpan? maxDelay = null, int[]? preventRestartExitCodes = null)
        where T : ExecutableResource
        => AddPolicy(builder, maxRestarts, window, initialDelay, maxDelay, preventRestartExitCodes);

    /// <inheritdoc cref="WithRestartPolicy{T}(IResourceBuilder{T}, int, TimeSpan?, TimeSpan?, TimeSpan?, int[])"/>
    public static IResourceBuilder<ProjectResource> WithRestartPolicy(this IResourceBuilder<ProjectResource> builder, int maxRestarts = 3,
        TimeSpan? window = null, TimeSpan? initialDelay = null, TimeSpan? maxDelay = null, int[]? preventRestartExitCodes = null)
        => AddPolicy(builder, maxRestarts, window, initialDelay, maxDelay, preventRestartExitCodes);

    private static IResourceBuilder<T> AddPolicy<T>(IResourceBuilder<T> builder, int maxRestarts, TimeSpan? window, TimeSpan? initialDelay,
        TimeSpan? maxDelay, int[]? preventRestartExitCodes)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        var policy = new RestartPolicyAnnotation(maxRestarts, window ?? TimeSpan.FromMinutes(5), initialDelay ?? TimeSpan.FromSeconds(1), maxDelay ?? TimeSpan.FromSeconds(30))
        {
            PreventRestartExitCodes = [.. preventRestartExitCodes ?? []],
        };
        builder.ApplicationBuilder.Services.TryAddEventingSubscriber<RestartSupervisor>();
        return builder.WithAnnotation(policy, ResourceAnnotationMutationBehavior.Replace);
    }
}
