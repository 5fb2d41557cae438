namespace TradingAspire.Hosting;

/// <summary>
/// What a restart waits for before it starts the resource: its <c>WaitFor</c>/<c>WaitForStart</c> dependencies (Aspire's
/// <see cref="WaitAnnotation"/>s, not <c>WaitForCompletion</c>) to be Running again. Aspire's own wait, run by the start
/// command, differs by run: without the dashboard (tests, <c>Aspire.Hosting.Testing</c>) it gives up at once on a
/// dependency in a terminal state (stopped, exited, failed to start) and would leave the restarted resource down; with it
/// it waits silently. Ours waits in both, saying for what, and then the start command waits for the dependencies to be
/// healthy as at first start.
/// </summary>
internal static class RestartDependencies
{
    /// <summary>What <paramref name="resource"/> waits for to run (<c>WaitFor</c>, <c>WaitForStart</c>), each once.</summary>
    public static IReadOnlyList<IResource> Of(IResource resource)
        => resource.TryGetAnnotationsOfType<WaitAnnotation>(out var waits)
            ? [.. waits.Where(w => w.WaitType != WaitType.WaitForCompletion && w.Resource is not IResourceWithoutLifetime)
                .Select(w => w.Resource).Distinct()]
            : [];

    /// <summary>
    /// Whether a dependency in <paramref name="state"/> is not running yet: any state but <c>Running</c> (stopped, exited,
    /// failed, stopping, starting, waiting, the restart policy's own texts). Waiting until Running, not until Starting:
    /// without the dashboard Aspire's wait gives up on a dependency that fails again while it starts.
    /// </summary>
    public static bool IsDown(string? state) => state != KnownResourceStates.Running;

    /// <summary>
    /// Returns once no replica of <paramref name="dependencies"/> is down (at once when none is). Calls
    /// <paramref name="onWaiting"/> with the name of the dependency it waits for each time that one changes.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (a stop, the AppHost stopping).</exception>
    public static async Task WaitUntilNoneDownAsync(ResourceNotificationService notifications, IReadOnlyList<IResource> dependencies,
        Func<string, Task> onWaiting, CancellationToken cancellationToken)
    {
        if (dependencies.Count == 0)
        {
            return;
        }

        // The watch yields every replica's current state first, then changes: decide once every replica was seen.
        var replicas = dependencies.Sum(d => d.GetReplicaCount());
        var states = new Dictionary<string, (string Name, string? State)>(StringComparer.Ordinal);
        string? shown = null;
        await foreach (var e in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!dependencies.Contains(e.Resource))
            {
                continue;
            }

            states[e.ResourceId] = (e.Resource.Name, e.Snapshot.State?.Text);
            if (states.Count < replicas)
            {
                continue;
            }

            if (states.Values.FirstOrDefault(s => IsDown(s.State)).Name is not { } down)
            {
                return;
            }

            if (down != shown)
            {
                shown = down;
                await onWaiting(down).ConfigureAwait(false);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
