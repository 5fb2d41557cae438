using System.Collections.Concurrent;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting;

/// <summary>
/// Restarts resources carrying a <see cref="RestartPolicyAnnotation"/> after an unexpected exit. It watches
/// <see cref="ResourceNotificationService"/>: a replica seen Running that reaches Finished/Exited/FailedToStart is a
/// crash unless (a) its stop command ran (dashboard, CLI, <see cref="ResourceCommandService"/>: Aspire's lifecycle
/// commands are wrapped by <see cref="OperatorCommandWrapper"/>), (b) a restart/rebuild command is stopping it, or
/// (c) the AppHost is shutting down (<see cref="IHostApplicationLifetime.ApplicationStopping"/>). A crash is decided by
/// <see cref="RestartPolicy.Decide"/>: start again through <see cref="ResourceCommandService"/> after the delay, or
/// leave it down with an error state text and a warning in the resource's log.
/// </summary>
internal sealed class RestartSupervisor(
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    ResourceCommandService commands,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RestartSupervisor> logger) : IDistributedApplicationEventingSubscriber
{
    /// <summary>Name of the snapshot property counting automatic restarts (dashboard: resource details).</summary>
    public const string RestartCountProperty = "restart.count";

    private const string ExecutablePidProperty = "executable.pid";

    private readonly ConcurrentDictionary<string, RestartTracker> _trackers = new(StringComparer.Ordinal);
    private OperatorCommandWrapper? _commands;
    private Task _watch = Task.CompletedTask;

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        if (!executionContext.IsRunMode)
        {
            return Task.CompletedTask;
        }

        _commands = new OperatorCommandWrapper(this);
        eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            _watch = Task.Run(() => WatchAsync(lifetime.ApplicationStopping), CancellationToken.None);
            return Task.CompletedTask;
        });
        eventing.Subscribe<BeforeResourceStartedEvent>((e, _) =>
        {
            // DCP has added the lifecycle commands by now (executable preparation precedes the first start).
            if (e.Resource.HasAnnotationOfType<RestartPolicyAnnotation>())
            {
                _commands.Wrap(e.Resource);
            }

            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    /// <summary>The stop command is about to run for <paramref name="resourceId"/>: its exit is not a crash, a pending restart is cancelled.</summary>
    internal async Task OnStopRequestedAsync(IResource resource, string resourceId)
    {
        if (Tracker(resource, resourceId) is not { } tracker)
        {
            return;
        }

        bool cancelledPending;
        lock (tracker.Gate)
        {
            tracker.StopRequested = true;
            cancelledPending = tracker.Phase is RestartPhase.PendingRestart or RestartPhase.GaveUp;
            if (cancelledPending)
            {
                tracker.Phase = RestartPhase.Down;
                tracker.OwnStateText = null;
            }
        }

        resourceLogs.GetLogger(resourceId).LogInformation("Stop requested: the restart policy will not restart it until it is started again.");
        if (cancelledPending)
        {
            await notifications.PublishUpdateAsync(resource, resourceId, s => RestartStateText.IsOurs(s.State?.Text)
                ? s with { State = new ResourceStateSnapshot(KnownResourceStates.Finished, null) }
                : s).ConfigureAwait(false);
        }
    }

    /// <summary>A restart or rebuild command is about to stop and start <paramref name="resourceId"/>: its exit is not a crash.</summary>
    internal void OnOperatorStopAndStart(IResource resource, string resourceId)
    {
        if (Tracker(resource, resourceId) is not { } tracker)
        {
            return;
        }

        lock (tracker.Gate)
        {
            if (tracker.Phase is RestartPhase.Up or RestartPhase.Launched)
            {
                tracker.ExpectedOperatorExits++;
            }
        }
    }

    private RestartTracker? Tracker(IResource resource, string resourceId)
        => resource.TryGetLastAnnotation<RestartPolicyAnnotation>(out var policy)
            ? _trackers.GetOrAdd(resourceId, id => new RestartTracker(id, resource.Name, policy.Policy))
            : null;

    private async Task WatchAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var e in notifications.WatchAsync(stopping).ConfigureAwait(false))
            {
                if (Tracker(e.Resource, e.ResourceId) is { } tracker)
                {
                    await OnEventAsync(e, tracker, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The restart policy stopped watching resources; crashed resources will not be restarted.");
        }
    }

    private async Task OnEventAsync(ResourceEvent e, RestartTracker tracker, CancellationToken stopping)
    {
        var state = e.Snapshot.State?.Text;
        RestartDecision? decision = null;
        string? restore = null;
        lock (tracker.Gate)
        {
            if (state == KnownResourceStates.Running)
            {
                if (tracker.Phase is RestartPhase.Down or RestartPhase.GaveUp)
                {
                    // Started by someone else (dashboard, CLI, the first launch): a fresh budget.
                    tracker.StopRequested = false;
                    tracker.Exits.Clear();
                }

                tracker.Phase = RestartPhase.Up;
                tracker.OwnStateText = null;
                return;
            }

            if (state == KnownResourceStates.Starting && tracker.Phase == RestartPhase.Restarted)
            {
                tracker.Phase = RestartPhase.Launched;
                return;
            }

            if (!RestartStateText.IsTerminal(state))
            {
                return;
            }

            // The exit already decided on, published again (e.g. while Aspire deletes the old DCP object).
            var pid = e.Snapshot.Properties.FirstOrDefault(p => p.Name == ExecutablePidProperty)?.Value as int?;
            var repeat = pid is not null && pid == tracker.LastExitPid;
            switch (tracker.Phase)
            {
                case RestartPhase.PendingRestart or RestartPhase.GaveUp when tracker.OwnStateText is not null:
                    restore = tracker.OwnStateText; // a late update from DCP replaced our text
                    break;
                case RestartPhase.Up or RestartPhase.Launched when repeat:
                    return;
                case RestartPhase.Up or RestartPhase.Launched when stopping.IsCancellationRequested || tracker.StopRequested
                                                                    || tracker.ExpectedOperatorExits > 0:
                    tracker.Phase = RestartPhase.Down;
                    tracker.ExpectedOperatorExits = 0;
                    return;
                case RestartPhase.Up or RestartPhase.Launched:
                    tracker.LastExitPid = pid;
                    var now = time.GetUtcNow();
                    tracker.Exits.RemoveAll(t => now - t >= tracker.Policy.Window);
                    tracker.Exits.Add(now);
                    decision = tracker.Policy.Decide(tracker.Exits, now);
                    tracker.Phase = decision is RestartDecision.Restart ? RestartPhase.PendingRestart : RestartPhase.GaveUp;
                    (tracker.OwnStateText, tracker.OwnStateStyle) = decision switch
                    {
                        RestartDecision.Restart r => (RestartStateText.Pending(r), KnownResourceStateStyles.Warn),
                        RestartDecision.GiveUp g => (RestartStateText.GaveUp(g, tracker.ResourceName), KnownResourceStateStyles.Error),
                        _ => throw new InvalidOperationException($"Unknown restart decision {decision}."),
                    };
                    break;
                default:
                    return;
            }
        }

        if (restore is not null)
        {
            await PublishStateAsync(e.Resource, tracker, restore).ConfigureAwait(false);
            return;
        }

        var log = resourceLogs.GetLogger(e.ResourceId);
        var exit = e.Snapshot.ExitCode is { } code ? $"exit code {code}" : "no exit code";
        switch (decision)
        {
            case RestartDecision.Restart restart:
                log.LogWarning("Exited unexpectedly ({Exit}, state {State}); restart {Attempt} of {MaxRestarts} in {Delay}.",
                    exit, state, restart.Attempt, restart.MaxRestarts, DurationText.Format(restart.Delay));
                await PublishStateAsync(e.Resource, tracker, RestartStateText.Pending(restart)).ConfigureAwait(false);
                _ = Task.Run(() => RestartLaterAsync(e.Resource, tracker, restart.Delay, stopping), CancellationToken.None);
                break;
            case RestartDecision.GiveUp giveUp:
                var text = RestartStateText.GaveUp(giveUp, tracker.ResourceName);
                log.LogWarning("Exited unexpectedly ({Exit}, state {State}). {Text}", exit, state, text);
                logger.LogWarning("{Resource}: {Text}", e.ResourceId, text);
                await PublishStateAsync(e.Resource, tracker, text).ConfigureAwait(false);
                break;
        }
    }

    private async Task RestartLaterAsync(IResource resource, RestartTracker tracker, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping).ConfigureAwait(false);
            int count;
            lock (tracker.Gate)
            {
                if (tracker.Phase != RestartPhase.PendingRestart || tracker.StopRequested)
                {
                    return; // stopped, or started by someone else, while waiting
                }

                tracker.Phase = RestartPhase.Restarted;
                tracker.OwnStateText = null;
                count = ++tracker.RestartCount;
            }

            await notifications.PublishUpdateAsync(resource, tracker.ResourceId, s => s with
            {
                Properties = [.. s.Properties.Where(p => p.Name != RestartCountProperty), new ResourcePropertySnapshot(RestartCountProperty, count)],
            }).ConfigureAwait(false);
            var result = await commands.ExecuteCommandAsync(tracker.ResourceId, KnownResourceCommands.StartCommand, stopping).ConfigureAwait(false);
            if (!result.Success && !stopping.IsCancellationRequested)
            {
                var text = RestartStateText.Failed(result.Message ?? "the start command failed", tracker.ResourceName);
                lock (tracker.Gate)
                {
                    tracker.Phase = RestartPhase.GaveUp;
                    (tracker.OwnStateText, tracker.OwnStateStyle) = (text, KnownResourceStateStyles.Error);
                }

                resourceLogs.GetLogger(tracker.ResourceId).LogError("{Text}", text);
                await PublishStateAsync(resource, tracker, text).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Restarting {Resource} failed.", tracker.ResourceId);
        }
    }

    private Task PublishStateAsync(IResource resource, RestartTracker tracker, string text)
    {
        string? style;
        lock (tracker.Gate)
        {
            style = tracker.OwnStateStyle;
        }

        return notifications.PublishUpdateAsync(resource, tracker.ResourceId, s => s with { State = new ResourceStateSnapshot(text, style) });
    }
}
