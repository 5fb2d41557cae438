namespace TradingAspire.Hosting;

/// <summary>
/// The resources that depend on a database: those that reference it (<c>WithReference</c>) or wait for it (<c>WaitFor</c>),
/// directly or through one another, so every process that may hold state read from it, or derived from what a direct
/// dependant answered (the model cannot tell which keep such state). Restore and reset stop the running ones through
/// Aspire's stop command (a user stop: the restart policy leaves them down), dependants first, and start them again
/// through its start command in dependency order, each wave Running before the next, then wait until all are healthy.
/// Reset runs one of them, the run-once migrations, again meanwhile.
/// </summary>
internal sealed class DatabaseDependants(ResourceCommandService commands, ResourceNotificationService notifications)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly string[] Alive = [KnownResourceStates.Running, KnownResourceStates.Starting];

    /// <summary>The dependants of <paramref name="database"/> in start order: each wave depends only on the database and earlier waves (a cycle ends in one wave).</summary>
    public static IReadOnlyList<IReadOnlyList<IResource>> StartWaves(IEnumerable<IResource> resources, IResource database)
    {
        var all = resources.ToList();
        var dependants = new HashSet<IResource>(ReferenceEqualityComparer.Instance);
        while (all.Where(r => r != database && !dependants.Contains(r) && DependenciesOf(r).Any(d => d == database || dependants.Contains(d))).ToList() is { Count: > 0 } found)
        {
            dependants.UnionWith(found);
        }

        return [.. WaitGraph.Layers(all.Where(dependants.Contains), (r, other) => DependenciesOf(r).Contains(other))];
    }

    /// <summary>
    /// Stops the running dependants (and those with a pending restart: the stop cancels it), last wave first, telling
    /// <paramref name="progress"/> each wave, and adds those whose stop did not fail (in start order) to
    /// <paramref name="stopped"/>, so a caller can start them again after a failure. Stops nothing when one waits for
    /// a resource that is not running and not stopped here: its start would wait for it.
    /// </summary>
    /// <exception cref="DistributedApplicationException">A dependency is not running (nothing was stopped), or a stop failed or did not end within 2 minutes; the message names it.</exception>
    public async Task StopRunningAsync(IReadOnlyList<IReadOnlyList<IResource>> waves, string purpose, List<IReadOnlyList<IResource>> stopped,
        Func<string, Task> progress, CancellationToken cancellationToken)
    {
        var alive = waves.SelectMany(w => w).Where(IsAlive).ToHashSet();
        if (alive.SelectMany(r => r.Annotations.OfType<WaitAnnotation>().Where(w => w.WaitType != WaitType.WaitForCompletion && !alive.Contains(w.Resource)
            && !(notifications.TryGetCurrentState(w.Resource.Name, out var e) && e.Snapshot.State?.Text == KnownResourceStates.Running))
            .Select(w => $"{r.Name} waits for {w.Resource.Name}, which is not running; start {w.Resource.Name} first")).Distinct().ToList() is { Count: > 0 } blocked)
        {
            throw new DistributedApplicationException($"{string.Join("; ", blocked)} (dashboard or `aspire resource <name> start`), then run '{purpose}' again. Nothing was stopped.");
        }

        foreach (var wave in waves.Reverse().Select(w => (IReadOnlyList<IResource>)[.. w.Where(alive.Contains)]).Where(w => w.Count > 0))
        {
            await progress($"Stopping {Names(wave)} for the {purpose}…").ConfigureAwait(false);
            var runs = wave.Select(r => RunAsync(r, KnownResourceCommands.StopCommand, KnownResourceStates.TerminalStates, cancellationToken)).ToList();
            try
            {
                await Task.WhenAll(runs).ConfigureAwait(false);
            }
            finally
            {
                // A cancelled stop may have stopped it: started again too (a start of a running resource changes nothing).
                if (wave.Where((_, i) => !runs[i].IsCompletedSuccessfully || runs[i].Result is null).ToList() is { Count: > 0 } down)
                {
                    stopped.Insert(0, down);
                }
            }

            if (runs.Select(t => t.Result).OfType<string>().ToList() is { Count: > 0 } failed)
            {
                throw new DistributedApplicationException($"could not stop {string.Join("; ", failed)}");
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="stopped"/> wave by wave, each Running before the next, then waits until they are healthy;
    /// returns what did not come back, one text each (empty when all did). Progress goes to <paramref name="logger"/> only:
    /// the database's state text stays Running, which their waits wait for.
    /// </summary>
    public async Task<IReadOnlyList<string>> StartAsync(IReadOnlyList<IReadOnlyList<IResource>> stopped, ILogger logger, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var started = new List<IResource>();
        foreach (var wave in stopped)
        {
            logger.LogInformation("Starting {Resources}…", Names(wave));
            var results = await Task.WhenAll(wave.Select(r => RunAsync(r, KnownResourceCommands.StartCommand, [KnownResourceStates.Running], cancellationToken))).ConfigureAwait(false);
            failures.AddRange(results.OfType<string>());
            started.AddRange(wave.Where((_, i) => results[i] is null));
        }

        failures.AddRange((await Task.WhenAll(started.Select(async r =>
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Timeout);
            try
            {
                await notifications.WaitForResourceHealthyAsync(r.Name, deadline.Token).ConfigureAwait(false);
                logger.LogInformation("{Resource} is healthy again", r.Name);
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return $"{r.Name} is not healthy {Timeout.TotalSeconds:0} s after its start";
            }
        })).ConfigureAwait(false)).OfType<string>());
        return failures;
    }

    /// <summary>
    /// Runs the run-once <paramref name="migrations"/> (a project or executable that applies the schema and exits 0)
    /// again with Aspire's start command (restart while it runs) and returns once that run exited 0 within 5 minutes;
    /// throws <see cref="DistributedApplicationException"/> naming what went wrong otherwise. Cancelling stops the wait, not the run.
    /// </summary>
    public async Task RunMigrationsAgainAsync(IResource migrations, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMinutes(5);
        notifications.TryGetCurrentState(migrations.Name, out var before);
        var (previousStart, previousState) = (before?.Snapshot.StartTimeStamp, before?.Snapshot.State?.Text);
        var command = previousState is null || previousState == KnownResourceStates.NotStarted || KnownResourceStates.TerminalStates.Contains(previousState)
            ? KnownResourceCommands.StartCommand
            : KnownResourceCommands.RestartCommand;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var result = await commands.ExecuteCommandAsync(migrations, command, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new DistributedApplicationException(
                $"The migrations resource '{migrations.Name}' could not be started ({command}): {result.Message}. Start it from the dashboard or with: aspire resource {migrations.Name} start");
        }

        ResourceEvent end;
        try
        {
            // The wait sees the last state first, so a run that has already ended is not missed.
            end = await notifications.WaitForResourceAsync(migrations.Name, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text)
                && e.Snapshot.StartTimeStamp is { } start && start != previousStart, deadline.Token).ConfigureAwait(false);
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

    public static string Names(IEnumerable<IResource> resources) => string.Join(", ", resources.Select(r => r.Name));

    /// <summary>What <paramref name="resource"/> depends on: what it references or waits for (<c>WaitFor</c>, <c>WaitForStart</c>, <c>WaitForCompletion</c>).</summary>
    private static IEnumerable<IResource> DependenciesOf(IResource resource)
        => resource.Annotations.OfType<ResourceRelationshipAnnotation>().Where(a => a.Type is "Reference" or "WaitFor").Select(a => a.Resource)
            .Concat(resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource));

    /// <summary>Running, starting or a pending restart of the restart policy (it would start during the command).</summary>
    private bool IsAlive(IResource resource)
        => notifications.TryGetCurrentState(resource.Name, out var e) && (Alive.Contains(e.Snapshot.State?.Text) || RestartStateText.IsPending(e.Snapshot.State?.Text));

    /// <summary>Runs Aspire's <paramref name="command"/> and waits until the resource is in one of <paramref name="states"/>; null or the failure.</summary>
    private async Task<string?> RunAsync(IResource resource, string command, IReadOnlyCollection<string> states, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        notifications.TryGetCurrentState(resource.Name, out var before);
        var previousStart = before?.Snapshot.StartTimeStamp;
        try
        {
            var result = await commands.ExecuteCommandAsync(resource, command, deadline.Token).ConfigureAwait(false);
            if (!result.Success)
            {
                if (result.Canceled)
                {
                    deadline.Token.ThrowIfCancellationRequested();
                }

                return $"{resource.Name}: {command} failed: {(string.IsNullOrEmpty(result.Message) ? "cancelled" : result.Message)}";
            }

            // A start that ends at once (exited, failed to start: a terminal state of another run than before) is a failure.
            var reached = await notifications.WaitForResourceAsync(resource.Name, e => states.Contains(e.Snapshot.State?.Text)
                || (KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text) && e.Snapshot.StartTimeStamp != previousStart), deadline.Token).ConfigureAwait(false);
            var state = reached.Snapshot.State?.Text;
            return states.Contains(state) ? null : $"{resource.Name} is {state} after {command} (exit code {reached.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            notifications.TryGetCurrentState(resource.Name, out var now);
            return $"{resource.Name} is still {now?.Snapshot.State?.Text ?? "unknown"} {Timeout.TotalSeconds:0} s after {command}";
        }
    }
}
