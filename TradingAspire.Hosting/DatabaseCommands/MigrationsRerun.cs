namespace TradingAspire.Hosting;

/// <summary>
/// Runs a run-once migrations resource (a project or executable that applies the schema and exits 0) again through
/// Aspire's own start/restart commands, and waits for that new run to end.
/// </summary>
internal static class MigrationsRerun
{
    private static readonly string[] EndedStates = [KnownResourceStates.Finished, KnownResourceStates.Exited, KnownResourceStates.FailedToStart];

    /// <summary>
    /// Returns once the new run exited 0 within <paramref name="timeout"/>; throws <see cref="DistributedApplicationException"/>
    /// otherwise. Cancelling stops the wait, not the run.
    /// </summary>
    public static async Task RunAgainAsync(IResource migrations, ResourceCommandService commands, ResourceNotificationService notifications,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        notifications.TryGetCurrentState(migrations.Name, out var before);
        var previousStart = before?.Snapshot.StartTimeStamp;
        var previousState = before?.Snapshot.State?.Text;
        var command = previousState is null || previousState == KnownResourceStates.NotStarted || EndedStates.Contains(previousState)
            ? KnownResourceCommands.StartCommand
            : KnownResourceCommands.RestartCommand;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        // Watch before starting, so a run that ends at once is not missed.
        var ended = notifications.WaitForResourceAsync(migrations.Name,
            e => EndedStates.Contains(e.Snapshot.State?.Text) && e.Snapshot.StartTimeStamp is { } start && start != previousStart,
            deadline.Token);

        var result = await commands.ExecuteCommandAsync(migrations, command, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            await deadline.CancelAsync().ConfigureAwait(false);
            await ended.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw new DistributedApplicationException(
                $"The migrations resource '{migrations.Name}' could not be started ({command}): {result.Message}. Start it from the dashboard or with: aspire resource {migrations.Name} start");
        }

        ResourceEvent end;
        try
        {
            end = await ended.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            notifications.TryGetCurrentState(migrations.Name, out var now);
            throw new DistributedApplicationException(
                $"The migrations resource '{migrations.Name}' did not finish within {timeout.TotalSeconds:0} s (it is {now?.Snapshot.State?.Text ?? "unknown"}). Read its log (aspire logs {migrations.Name}).");
        }

        if (end.Snapshot.ExitCode is not 0)
        {
            throw new DistributedApplicationException(
                $"The migrations resource '{migrations.Name}' ended {end.Snapshot.State?.Text} with exit code {end.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}; the database was recreated but its schema is incomplete. Read its log (dashboard, or: aspire logs {migrations.Name}), fix the cause, then run 'reset' again.");
        }
    }
}
