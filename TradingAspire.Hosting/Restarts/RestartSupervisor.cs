using System.Collections.Concurrent;
using Aspire.Hosting.Eventing;

namespace TradingAspire.Hosting;

/// <summary>
/// Restarts resources carrying a <see cref="RestartPolicyAnnotation"/> after an unexpected exit. A replica seen Running
/// that reaches a terminal state has crashed unless its stop command ran, a restart/rebuild command is stopping it, or
/// the AppHost is stopping: every stop goes through Aspire's lifecycle commands, so the resource's commands are replaced
/// by copies that tell the supervisor first. <see cref="RestartPolicyAnnotation.Decide"/> decides on a crash: the start
/// command after the delay, or left down with an error state text.
/// </summary>
internal sealed class RestartSupervisor(ResourceNotificationService notifications, ResourceLoggerService resourceLogs, ResourceCommandService commands,
    IHostApplicationLifetime lifetime, TimeProvider time, ILogger<RestartSupervisor> logger) : RunModeSubscriber
{
    private const int LastErrorLineCount = 10; // of a run's error output, shown in the AppHost's console when it is left down
    private const string RestartCountProperty = "restart.count"; // automatic restarts, shown in the dashboard's resource details
    private const string PendingPrefix = "Restarting in ", GaveUpPrefix = "Crashed ", PreventedPrefix = "Exited with code ", FailedPrefix = "Restart failed: ";

    private readonly ConcurrentDictionary<string, Tracker> _trackers = new(StringComparer.Ordinal);
    private readonly HashSet<ResourceCommandAnnotation> _wrapped = [];

    /// <summary>
    /// Where a replica is. Down: not started, or stopped on request. Up: seen Running. PendingRestart: crashed, a start is
    /// scheduled. Restarted: the start was asked; Aspire first deletes the old DCP object, republishing its Finished state,
    /// so terminal states are stale until Starting. Launched: starting after a restart; an exit counts as another crash.
    /// GaveUp: crashed more often than the policy allows, left down until someone starts it.
    /// </summary>
    private enum Phase { Down, Up, PendingRestart, Restarted, Launched, GaveUp }

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

    private static bool IsPending(string? state) => state?.StartsWith(PendingPrefix, StringComparison.Ordinal) == true;

    private static bool IsGaveUp(string? state) => state is not null && (state.StartsWith(FailedPrefix, StringComparison.Ordinal)
        || ((state.StartsWith(GaveUpPrefix, StringComparison.Ordinal) || state.StartsWith(PreventedPrefix, StringComparison.Ordinal))
            && state.Contains(": not restarted", StringComparison.Ordinal)));

    /// <summary>Whether the state text is one of ours: the resource is down, Start is enabled.</summary>
    private static bool IsOurs(string? state) => IsPending(state) || IsGaveUp(state);

    private static string DownText(string reason, string resourceName) => $"{reason} (start it from the dashboard or `aspire resource {resourceName} start`)";

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
                            await BeforeCommandAsync(resource, original.Name, c.ResourceName).ConfigureAwait(false);
                            return await original.ExecuteCommand(c).ConfigureAwait(false);
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
        return name == KnownResourceCommands.StopCommand && IsGaveUp(text) ? ResourceCommandState.Hidden
            : (name == KnownResourceCommands.StopCommand && IsPending(text))
              || ((name == KnownResourceCommands.StartCommand || name == KnownResourceCommands.RestartCommand) && IsOurs(text)) ? ResourceCommandState.Enabled
            : original.UpdateState(context);
    }

    private async Task BeforeCommandAsync(IResource resource, string command, string resourceId)
    {
        var tracker = TrackerOf(resource, resourceId);
        bool cancelledPending;
        lock (tracker)
        {
            if (command != KnownResourceCommands.StopCommand)
            {
                // A restart or rebuild stops, then starts: that exit is not a crash.
                var stopsFirst = command == KnownResourceCommands.RestartCommand || command == KnownResourceCommands.RebuildCommand;
                tracker.ExpectedOperatorExits += stopsFirst && tracker.Phase is Phase.Up or Phase.Launched ? 1 : 0;
                return;
            }

            // A stop: the exit is not a crash, and a pending restart is cancelled.
            tracker.StopRequested = true;
            cancelledPending = tracker.Phase is Phase.PendingRestart or Phase.GaveUp;
            if (cancelledPending)
            {
                (tracker.Phase, tracker.OwnStateText) = (Phase.Down, null);
            }
        }

        resourceLogs.GetLogger(resourceId).LogInformation("Stop requested: the restart policy will not restart it until it is started again.");
        if (cancelledPending)
        {
            await notifications.PublishUpdateAsync(resource, resourceId, s => IsOurs(s.State?.Text)
                ? s with { State = new ResourceStateSnapshot(KnownResourceStates.Finished, null) }
                : s).ConfigureAwait(false);
        }
    }

    private Tracker TrackerOf(IResource resource, string resourceId)
        => _trackers.GetOrAdd(resourceId, id => new Tracker(id, resource.Name, resource.Annotations.OfType<RestartPolicyAnnotation>().Last()));

    private async Task OnEventAsync(ResourceEvent e, Tracker tracker, CancellationToken stopping)
    {
        var state = e.Snapshot.State?.Text;
        var (exits, delay, decided) = (0, default(TimeSpan?), default(string)); // exits > 0: this exit was decided on, its state text decided
        lock (tracker)
        {
            if (state == KnownResourceStates.Running)
            {
                if (tracker.Phase is Phase.Down or Phase.GaveUp)
                {
                    // Started by someone else (dashboard, CLI, the first launch): a fresh budget.
                    tracker.StopRequested = false;
                    tracker.Exits.Clear();
                }

                (tracker.Phase, tracker.OwnStateText) = (Phase.Up, null);
                return;
            }

            if (state == KnownResourceStates.Starting && tracker.Phase == Phase.Restarted)
            {
                tracker.Phase = Phase.Launched;
                return;
            }

            if (state is null || !KnownResourceStates.TerminalStates.Contains(state) || tracker.Phase is not (Phase.Up or Phase.Launched or Phase.PendingRestart or Phase.GaveUp))
            {
                return;
            }

            var pid = Pid(e);
            // The exit already decided on (phase, or pid) is published again, e.g. while Aspire deletes the old DCP object, and
            // a late update from DCP may have replaced our text: it is put back below.
            if (tracker.Phase is not (Phase.PendingRestart or Phase.GaveUp) && (pid <= 0 || pid != tracker.LastExitPid))
            {
                if (stopping.IsCancellationRequested || tracker.StopRequested || tracker.ExpectedOperatorExits > 0)
                {
                    (tracker.Phase, tracker.ExpectedOperatorExits) = (Phase.Down, 0);
                    return;
                }

                tracker.LastExitPid = pid;
                var now = time.GetUtcNow();
                tracker.Exits.RemoveAll(t => now - t >= tracker.Policy.Window);
                tracker.Exits.Add(now);
                (exits, delay) = tracker.Policy.Decide(tracker.Exits, now, e.Snapshot.ExitCode);
                (tracker.Phase, tracker.OwnStateText, tracker.OwnStateStyle) = delay is { } d
                    ? (Phase.PendingRestart, $"{PendingPrefix}{DurationText.Format(d)} (restart {exits} of {tracker.Policy.MaxRestarts})", KnownResourceStateStyles.Warn)
                    : (Phase.GaveUp, DownText(tracker.Policy.GaveUpReason(exits, e.Snapshot.ExitCode), tracker.Name), KnownResourceStateStyles.Error);
                decided = tracker.OwnStateText;
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
        if (delay is { } pending)
        {
            _ = Task.Run(() => RestartLaterAsync(e.Resource, tracker, pending, stopping), CancellationToken.None);
        }
        else if (exits > 0)
        {
            // Off this loop: reading the console output must not hold other resources' decisions.
            var (resourceId, since) = (e.ResourceId, e.Snapshot.StartTimeStamp);
            _ = Task.Run(async () => logger.LogWarning("{Resource}: {Text}{ErrorOutput}", resourceId, decided,
                await LastErrorLinesAsync(resourceId, since, stopping).ConfigureAwait(false) is { Count: > 0 } lines
                    ? $". Its error output:{string.Concat(lines.Select(l => $"{Environment.NewLine}  {l}"))}"
                    : ""), CancellationToken.None);
        }
    }

    private async Task RestartLaterAsync(IResource resource, Tracker tracker, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping).ConfigureAwait(false);
            int count;
            lock (tracker)
            {
                if (tracker.Phase != Phase.PendingRestart || tracker.StopRequested)
                {
                    return; // stopped, or started by someone else, while waiting
                }

                (tracker.Phase, tracker.OwnStateText) = (Phase.Restarted, null);
                count = ++tracker.RestartCount;
            }

            await notifications.PublishUpdateAsync(resource, tracker.Id, s => s with
            {
                Properties = [.. s.Properties.Where(p => p.Name != RestartCountProperty), new ResourcePropertySnapshot(RestartCountProperty, count)],
            }).ConfigureAwait(false);
            var result = await commands.ExecuteCommandAsync(tracker.Id, KnownResourceCommands.StartCommand, stopping).ConfigureAwait(false);
            if (!result.Success && !stopping.IsCancellationRequested)
            {
                var text = DownText(FailedPrefix + (result.Message ?? "the start command failed"), tracker.Name);
                lock (tracker)
                {
                    (tracker.Phase, tracker.OwnStateText, tracker.OwnStateStyle) = (Phase.GaveUp, text, KnownResourceStateStyles.Error);
                }

                resourceLogs.GetLogger(tracker.Id).LogError("{Text}", text);
                await PublishOwnStateAsync(resource, tracker).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Restarting {Resource} failed.", tracker.Id);
        }
    }

    /// <summary>
    /// The last <see cref="LastErrorLineCount"/> error lines the replica's console log has since <paramref name="since"/>
    /// (its last start): its stderr and the errors the AppHost wrote for it, in time order, without DCP's timestamps
    /// (a line without one takes its predecessor's). What a service that exits on a configuration error says, shown in
    /// the AppHost's console beside the exit. Best effort: what was read when reading fails or takes over 5 s.
    /// </summary>
    private async Task<IReadOnlyList<string>> LastErrorLinesAsync(string resourceId, DateTime? since, CancellationToken stopping)
    {
        var errors = new List<(DateTimeOffset At, string Text)>();
        var previous = DateTimeOffset.MinValue;
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, stopping);
            await foreach (var batch in resourceLogs.GetAllAsync(resourceId).WithCancellation(linked.Token).ConfigureAwait(false))
            {
                foreach (var line in batch.Where(l => !string.IsNullOrWhiteSpace(l.Content)))
                {
                    var (at, text) = ResourceLogFileWriter.SplitTimestamp(line.Content, previous);
                    previous = at;
                    if (line.IsErrorMessage && (since is null || at >= since.Value.ToUniversalTime()))
                    {
                        errors.Add((at, text));
                    }
                }
            }
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "The console output of {Resource} could not be read in full.", resourceId);
        }

        return [.. errors.OrderBy(l => l.At).TakeLast(LastErrorLineCount).Select(l => l.Text)];
    }

    private Task PublishOwnStateAsync(IResource resource, Tracker tracker)
    {
        ResourceStateSnapshot? own;
        lock (tracker)
        {
            own = tracker.OwnStateText is { } text ? new ResourceStateSnapshot(text, tracker.OwnStateStyle) : null;
        }

        return own is null ? Task.CompletedTask : notifications.PublishUpdateAsync(resource, tracker.Id, s => s with { State = own });
    }

    /// <summary>The restart bookkeeping of one replica (<paramref name="id"/>, e.g. <c>api-xkcd</c>), under its own lock.</summary>
    private sealed class Tracker(string id, string name, RestartPolicyAnnotation policy)
    {
        public readonly string Id = id;
        public readonly string Name = name;
        public readonly RestartPolicyAnnotation Policy = policy;
        public readonly List<DateTimeOffset> Exits = []; // unexpected exits still inside the policy's window
        public Phase Phase = Phase.Down;
        public int LastExitPid; // a terminal state carrying it again is a stale repeat
        public bool StopRequested; // by the stop command; cleared when the resource runs again
        public int ExpectedOperatorExits; // a restart/rebuild command stops, then starts: not crashes
        public int RestartCount;
        public string? OwnStateText; // published last (pending restart, gave up), put back if DCP overwrites it
        public string? OwnStateStyle;
    }
}
