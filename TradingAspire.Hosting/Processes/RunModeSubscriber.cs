using System.Globalization;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;

namespace TradingAspire.Hosting;

/// <summary>
/// An eventing subscriber that acts in run mode only: <see cref="BeforeStart"/> runs on <see cref="BeforeStartEvent"/>,
/// before any process starts (what it throws fails <c>StartAsync</c>/<c>Run</c>); <see cref="Subscribe"/> adds handlers.
/// </summary>
internal abstract class RunModeSubscriber : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                BeforeStart(e.Model);
                return Task.CompletedTask;
            });
            Subscribe(eventing);
        }

        return Task.CompletedTask;
    }

    /// <summary>The <c>executable.pid</c> property of a snapshot (the process DCP started); 0 when absent.</summary>
    public static int Pid(ResourceEvent e)
        => e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : 0;

    /// <summary>Runs <paramref name="onEvent"/> on every resource event, in order, on a task of its own until <paramref name="stopping"/>;
    /// a failure ends the watch, logged as an error with <paramref name="failure"/> when given.</summary>
    public static Task WatchAsync(ResourceNotificationService notifications, Func<ResourceEvent, Task> onEvent, ILogger logger, string? failure,
        CancellationToken stopping)
        => Task.Run(async () =>
        {
            try
            {
                await foreach (var e in notifications.WatchAsync(stopping).ConfigureAwait(false))
                {
                    await onEvent(e).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (failure is not null)
            {
                logger.LogError(ex, "{Failure}", failure);
            }
        }, CancellationToken.None);

    protected virtual void BeforeStart(DistributedApplicationModel model)
    {
    }

    protected virtual void Subscribe(IDistributedApplicationEventing eventing)
    {
    }
}
