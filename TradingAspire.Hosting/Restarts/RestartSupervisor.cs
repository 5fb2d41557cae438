using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting.Eventing;

namespace TradingAspire.Hosting;

/// <summary>
/// Restarts resources carrying a <see cref="RestartPolicyAnnotation"/> after an unexpected exit. A replica seen Running
/// that reaches a terminal state has crashed unless DCP was stopping it, its stop command ran, a restart/rebuild command is
/// stopping it, or the AppHost is stopping: every stop goes through Aspire's lifecycle commands, so the resource's commands are replaced
/// by copies that tell the supervisor first. <see cref="RestartPolicyAnnotation.Decide"/> decides on a crash: the start
/// command after the delay and once no <c>WaitFor</c> dependency is down (<see cref="RestartDependencies"/>), or left
/// down with an error state text. A stop cancels a pending restart.
/// </summary>
internal sealed class RestartSupervisor(ResourceNotificationService notifications, ResourceLoggerService resourceLogs, ResourceCommandService commands,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<RestartSupervisor> logger) : RunModeSubscriber
{
    private const int LastErrorLineCount = 10; // of a run's error output, shown in the AppHost's console when it is left down
    private const string RestartCountProperty = "restart.count"; // automatic restarts, shown in the dashboard's resource details

    private readonly ConcurrentDictionary<string, RestartTracker> _trackers = new(StringComparer.Ordinal);
    private readonly HashSet<ResourceCommandAnnotation> _wrapped = [];

    protected override void BeforeStart(DistributedApplicationModel model)
        => WatchAsync(notifications, e => e.Resource.HasAnnotationOfType<RestartPolicyAnnotation>()
                ? OnEventAsync(e, TrackerOf(e.Resource, e.ResourceId), lifetime.ApplicationStopping)
                : Task.CompletedTask,
            logger, "The restart policy stopped watching resources; crashed resources will not be restarted.", lifetime.ApplicationStopping);

    // DCP has added the lifecycle commands by the first BeforeResourceStartedEvent (executable preparation precedes it).
    protected override void Subscribe(IDistributedApplicationEventing eventing)
        => eventing.Subscribe<BeforeResourceStartedEvent>((e, _) =>
        {
            if (e.Resource.HasAnnotationOfType<RestartPolicyAnnotation>())
            {
                WrapCommands(e.Resource);
            }

            return Task.CompletedTask;
        });

    /// <summary>Replaces the resource's commands not replaced yet by copies that tell the supervisor first.</summary>
    private void WrapCommands(IResource resource)
    {
        lock (_wrapped)
        {
            var annotations = resource.Annotations;
            for (var i = 0; i < annotations.Count; i++)
            {
                if (annotations[i] is ResourceCommandAnnotation original && !_wrapped.Contains(original))
                {
                    ResourceCommandAnnotation wrapped = new(original.Name, original.DisplayName, c => CommandState(original, c), async c =>
                        {
                            var stopsFirst = await BeforeCommandAsync(resource, original.Name, c.ResourceName).ConfigureAwait(false);
                            try
                            {
                                return await original.ExecuteCommand(c).ConfigureAwait(false);
                            }
                            finally
                            {
                                var tracker = TrackerOf(resource, c.ResourceName);
                                lock (tracker)
                                {
                                    tracker.OperatorCommands -= stopsFirst ? 1 : 0;
                                    DropStaleOperatorExit(tracker);
                                }
                            }
                        }, original.DisplayDescription, original.Arguments, original.ConfirmationMessage, original.IconName, original.IconVariant,
                        original.IsHighlighted, original.Visibility, original.ValidateArguments);
                    _wrapped.Add(wrapped);
                    annotations[i] = wrapped;
                }
            }
        }
    }

    /// <summary>While our state text shows (pending restart, gave up) the resource is down: Start and Restart are enabled, Stop cancels a pending restart.</summary>
    private static ResourceCommandState CommandState(ResourceCommandAnnotation original, UpdateCommandStateContext context)
    {
        var (name, text) = (original.Name, context.ResourceSnapshot.State?.Text);
        return name == KnownResourceCommands.StopCommand && RestartStateText.IsGaveUp(text) ? ResourceCommandState.Hidden
            : (name == KnownResourceCommands.StopCommand && RestartStateText.IsPending(text))
              || ((name == KnownResourceCommands.StartCommand || name == KnownResourceCommands.RestartCommand) && RestartStateText.IsOurs(text)) ? ResourceCommandState.Enabled
            : original.UpdateState(context);
    }

    /// <summary>Tells the supervisor of a command before it runs; true: a restart/rebuild whose exit is expected (<see cref="RestartTracker.OperatorCommands"/>).</summary>
    private async Task<bool> BeforeCommandAsync(IResource resource, string command, string resourceId)
    {
        var tracker = TrackerOf(resource, resourceId);
        bool cancelledPending;
        lock (tracker)
        {
            if (command != KnownResourceCommands.StopCommand)
            {
                // A restart or rebuild stops, then starts: that exit is not a crash (also when another one has just stopped it).
                var n = (command == KnownResourceCommands.RestartCommand || command == KnownResourceCommands.RebuildCommand)
                    && (tracker.Phase is RestartPhase.Up or RestartPhase.Launched || tracker.OperatorCommands > 0) ? 1 : 0;
                (tracker.ExpectedOperatorExits, tracker.OperatorCommands) = (tracker.ExpectedOperatorExits + n, tracker.OperatorCommands + n);
                return n > 0;
            }

            // A stop: the exit is not a crash, and a pending restart (its delay, its wait for a dependency) is cancelled.
            tracker.StopRequested = true;
            tracker.CancelPendingRestart();
            cancelledPending = tracker.Phase is RestartPhase.PendingRestart or RestartPhase.GaveUp;
            if (cancelledPending)
            {
                (tracker.Phase, tracker.OwnStateText) = (RestartPhase.Down, null);
            }
        }

        resourceLogs.GetLogger(resourceId).LogInformation("Stop requested: the restart policy will not restart it until it is started again.");
        if (cancelledPending)
        {
            await notifications.PublishUpdateAsync(resource, resourceId, s => RestartStateText.IsOurs(s.State?.Text)
                ? s with { State = new ResourceStateSnapshot(KnownResourceStates.Finished, null) }
                : s).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>
    /// A restart/rebuild may end without an exit (cancelled or failed before its stop, a rebuild of a Waiting replica): its
    /// expected exit is dropped once, none running, the replica is seen running a live process, or the next crash would be
    /// taken for it. What a command stopped is gone (reaped) at its end, so a live process is not it, and its exit came before
    /// that process's Running, so has been seen. Under the tracker's lock, at a command's end and on each Running state.
    /// </summary>
    private static void DropStaleOperatorExit(RestartTracker tracker)
    {
        if (tracker is { ExpectedOperatorExits: > 0, OperatorCommands: 0, Phase: RestartPhase.Up, Pid: > 0 } && IsAlive(tracker.Pid))
        {
            tracker.ExpectedOperatorExits = 0;
        }

        static bool IsAlive(int pid)
        {
            try
            {
                using var _ = Process.GetProcessById(pid);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    private RestartTracker TrackerOf(IResource resource, string resourceId)
        => _trackers.GetOrAdd(resourceId, id => new RestartTracker(id, resource.Name, resource.Annotations.OfType<RestartPolicyAnnotation>().Last()));

    private async Task OnEventAsync(ResourceEvent e, RestartTracker tracker, CancellationToken stopping)
    {
        var state = e.Snapshot.State?.Text;
        var (exits, delay, decided) = (0, default(TimeSpan?), default(string)); // exits > 0: this exit was decided on, its state text decided
        CancellationTokenSource? pendingRestart = null;
        var cancelled = CancellationToken.None; // its token, read under the lock: a stop may dispose the source once it is released
        lock (tracker)
        {
            // DCP stops a process (Stopping, then its exit) only when asked: a stop, restart or rebuild command, also one cancelled
            // or failed while the process shut down, or the AppHost's end. A crash goes from Running to its terminal state.
            var asked = tracker.LastState == KnownResourceStates.Stopping;
            tracker.LastState = state;
            if (state == KnownResourceStates.Running)
            {
                if (tracker.Phase is RestartPhase.Down or RestartPhase.GaveUp)
                {
                    // Started by someone else (dashboard, CLI, the first launch): a fresh budget.
                    tracker.StopRequested = false;
                    tracker.Exits.Clear();
                }

                tracker.CancelPendingRestart(); // started by someone else while a restart was pending
                (tracker.Phase, tracker.OwnStateText, tracker.Pid) = (RestartPhase.Up, null, Pid(e));
                DropStaleOperatorExit(tracker);
                return;
            }

            if (state == KnownResourceStates.Starting && tracker.Phase == RestartPhase.Restarted)
            {
                tracker.Phase = RestartPhase.Launched;
                return;
            }

            if (state is null || !KnownResourceStates.TerminalStates.Contains(state) || tracker.Phase is not (RestartPhase.Up or RestartPhase.Launched or RestartPhase.PendingRestart or RestartPhase.GaveUp))
            {
                return;
            }

            var pid = Pid(e);
            // The exit already decided on (phase, or pid) is published again, e.g. while Aspire deletes the old DCP object, and
            // a late update from DCP may have replaced our text: it is put back below.
            if (tracker.Phase is not (RestartPhase.PendingRestart or RestartPhase.GaveUp) && (pid <= 0 || pid != tracker.LastExitPid))
            {
                tracker.LastExitPid = pid;
                if (stopping.IsCancellationRequested || tracker.StopRequested || asked || tracker.ExpectedOperatorExits > 0)
                {
                    // One exit takes one expectation (two restarts at once stop twice); a repeat of it is stale (phase Down, or its pid).
                    (tracker.Phase, tracker.ExpectedOperatorExits) = (RestartPhase.Down, Math.Max(tracker.ExpectedOperatorExits - 1, 0));
                    return;
                }

                var now = time.GetUtcNow();
                tracker.Exits.RemoveAll(t => now - t >= tracker.Policy.Window);
                tracker.Exits.Add(now);
                (exits, delay) = tracker.Policy.Decide(tracker.Exits, now, e.Snapshot.ExitCode);
                (tracker.Phase, tracker.OwnStateText, tracker.OwnStateStyle) = delay is { } d
                    ? (RestartPhase.PendingRestart, RestartStateText.Pending(d, exits, tracker.Policy.MaxRestarts), KnownResourceStateStyles.Warn)
                    : (RestartPhase.GaveUp, RestartStateText.Down(tracker.Policy.GaveUpReason(exits, e.Snapshot.ExitCode), tracker.Name), KnownResourceStateStyles.Error);
                decided = tracker.OwnStateText;
                if (delay is not null)
                {
                    tracker.CancelPendingRestart();
                    tracker.PendingRestart = pendingRestart = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    cancelled = pendingRestart.Token;
                }
            }
        }

        var exit = e.Snapshot.ExitCode is { } code ? $"exit code {code}" : "no exit code";
        if (delay is { } wait)
        {
            resourceLogs.GetLogger(e.ResourceId).LogWarning("Exited unexpectedly ({Exit}, state {State}); restart {Attempt} of {MaxRestarts} in {Delay}.",
                exit, state, exits, tracker.Policy.MaxRestarts, DurationText.Format(wait));
        }
        else if (exits > 0)
        {
            resourceLogs.GetLogger(e.ResourceId).LogWarning("Exited unexpectedly ({Exit}, state {State}). {Text}", exit, state, decided);
        }

        await PublishOwnStateAsync(e.Resource, tracker).ConfigureAwait(false);
        if (delay is { } pending && pendingRestart is not null)
        {
            _ = Task.Run(() => RestartLaterAsync(e.Resource, tracker, pending, exits, pendingRestart, cancelled, stopping), CancellationToken.None);
        }
        else if (exits > 0)
        {
            // Off this loop: reading the console output must not hold other resources' decisions.
            var (resourceId, since) = (e.ResourceId, e.Snapshot.StartTimeStamp);
            _ = Task.Run(async () => logger.LogWarning("{Resource}: {Text}{ErrorOutput}", resourceId, decided,
                await ResourceErrorOutput.LastLinesAsync(resourceLogs, resourceId, since, LastErrorLineCount, time, logger, stopping).ConfigureAwait(false) is { Count: > 0 } lines
                    ? $". Its error output:{string.Concat(lines.Select(l => $"{Environment.NewLine}  {l}"))}"
                    : ""), CancellationToken.None);
        }
    }

    /// <summary>
    /// After <paramref name="delay"/> and once no dependency it waits for is down (shown as <c>Waiting for 'redis' to run
    /// again (restart 1 of 3)</c> meanwhile), runs the start command. <paramref name="pendingRestart"/> cancels both waits.
    /// </summary>
    private async Task RestartLaterAsync(IResource resource, RestartTracker tracker, TimeSpan delay, int restart, CancellationTokenSource pendingRestart,
        CancellationToken cancelled, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, cancelled).ConfigureAwait(false);
            await RestartDependencies.WaitUntilNoneDownAsync(notifications, RestartDependencies.Of(resource), async dependency =>
            {
                var text = RestartStateText.Waiting(dependency, restart, tracker.Policy.MaxRestarts);
                lock (tracker)
                {
                    if (tracker.Phase != RestartPhase.PendingRestart || cancelled.IsCancellationRequested)
                    {
                        return;
                    }

                    (tracker.OwnStateText, tracker.OwnStateStyle) = (text, KnownResourceStateStyles.Warn);
                }

                resourceLogs.GetLogger(tracker.Id).LogWarning("'{Dependency}' is down: restart {Attempt} of {MaxRestarts} waits for it to run again.",
                    dependency, restart, tracker.Policy.MaxRestarts);
                await PublishOwnStateAsync(resource, tracker).ConfigureAwait(false);
            }, cancelled).ConfigureAwait(false);

            int count;
            lock (tracker)
            {
                if (tracker.Phase != RestartPhase.PendingRestart || tracker.StopRequested || cancelled.IsCancellationRequested)
                {
                    return; // stopped, or started by someone else, while waiting
                }

                if (notifications.TryGetCurrentState(tracker.Id, out var current) && !KnownResourceStates.TerminalStates.Contains(current.Snapshot.State?.Text)
                    && !RestartStateText.IsOurs(current.Snapshot.State?.Text))
                {
                    // Started by someone else while the restart waited (Start in the dashboard: Aspire's own Waiting, then
                    // Starting): a second start would end Aspire's wait for the dependencies early. That start is judged as ours.
                    (tracker.Phase, tracker.OwnStateText, tracker.PendingRestart) = (RestartPhase.Launched, null, null);
                    return;
                }

                (tracker.Phase, tracker.OwnStateText, tracker.PendingRestart) = (RestartPhase.Restarted, null, null);
                count = ++tracker.RestartCount;
            }

            await notifications.PublishUpdateAsync(resource, tracker.Id, s => s with
            {
                Properties = [.. s.Properties.Where(p => p.Name != RestartCountProperty), new ResourcePropertySnapshot(RestartCountProperty, count)],
            }).ConfigureAwait(false);
            var result = await commands.ExecuteCommandAsync(tracker.Id, KnownResourceCommands.StartCommand, stopping).ConfigureAwait(false);
            if (!result.Success && !stopping.IsCancellationRequested)
            {
                var text = RestartStateText.Failed(result.Message, tracker.Name);
                lock (tracker)
                {
                    if (tracker.Phase is not (RestartPhase.Restarted or RestartPhase.Launched) || tracker.PendingRestart is not null)
                    {
                        return; // the failed start was seen meanwhile: as another crash (with a restart of its own), a stop or restart, a run
                    }

                    if (tracker.StopRequested || tracker.ExpectedOperatorExits > 0)
                    {
                        // Stopped or restarted while starting (e.g. during WithBuildBeforeStart's build): not a failed restart.
                        (tracker.Phase, tracker.ExpectedOperatorExits) = (RestartPhase.Down, Math.Max(tracker.ExpectedOperatorExits - 1, 0));
                        return;
                    }

                    (tracker.Phase, tracker.OwnStateText, tracker.OwnStateStyle) = (RestartPhase.GaveUp, text, KnownResourceStateStyles.Error);
                }

                resourceLogs.GetLogger(tracker.Id).LogError("{Text}", text);
                await PublishOwnStateAsync(resource, tracker).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancelled.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Restarting {Resource} failed.", tracker.Id);
        }
        finally
        {
            lock (tracker)
            {
                if (tracker.PendingRestart == pendingRestart)
                {
                    tracker.PendingRestart = null;
                }
            }

            pendingRestart.Dispose(); // idempotent: a stop may have disposed it already (RestartTracker.CancelPendingRestart)
        }
    }

    private Task PublishOwnStateAsync(IResource resource, RestartTracker tracker)
    {
        ResourceStateSnapshot? own;
        lock (tracker)
        {
            own = tracker.OwnStateText is { } text ? new ResourceStateSnapshot(text, tracker.OwnStateStyle) : null;
        }

        return own is null ? Task.CompletedTask : notifications.PublishUpdateAsync(resource, tracker.Id, s => s with { State = own });
    }
}
