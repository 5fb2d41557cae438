using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Health;
using TradingAspire.Hosting.Logging;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>
/// How one kind of resource runs until it reaches a terminal state (process, or a resource without a process), and
/// how it is stopped. Shared here: start hooks, health monitoring and publishing.
/// </summary>
internal abstract class ResourceRun(IResource resource, SupervisorServices services)
{
    private Task _active = Task.CompletedTask;

    protected IResource Resource => resource;

    protected SupervisorServices Services => services;

    /// <summary>Runs until the resource is Finished, Exited or FailedToStart (published before returning).</summary>
    public Task RunUntilTerminalAsync(CancellationToken applicationStopping)
    {
        var task = RunCoreAsync(applicationStopping);
        _active = task;
        return task;
    }

    /// <summary>Stops the current run, if any, and waits until it has ended.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_active.IsCompleted)
        {
            return;
        }

        await RequestStopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _active.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The run's own failure is published by the supervisor; stopping succeeded.
        }
    }

    protected abstract Task RunCoreAsync(CancellationToken applicationStopping);

    protected abstract Task RequestStopAsync(CancellationToken cancellationToken);

    protected Task PublishAsync(Func<ResourceSnapshot, ResourceSnapshot> update) => services.Notifications.PublishUpdateAsync(resource, update);

    protected async Task RunBeforeStartHooksAsync(CancellationToken cancellationToken)
    {
        var logger = services.Logs.GetLogger(resource.Name);
        var context = new BeforeResourceStartContext(
            resource, services.Services, logger,
            progress =>
            {
                logger.LogProgress(progress);
                _ = PublishAsync(s => s with { StateDetail = progress });
            },
            cancellationToken);
        foreach (var hook in resource.Annotations.OfType<BeforeResourceStartAnnotation>())
        {
            await hook.Callback(context).ConfigureAwait(false);
        }
    }

    protected HealthMonitor CreateHealthMonitor()
    {
        var registrations = services.Services.GetService<IOptions<HealthCheckServiceOptions>>()?.Value.Registrations ?? [];
        var checks = resource.Annotations.OfType<HealthCheckAnnotation>().Select(annotation =>
        {
            IResourceHealthCheck check = annotation.Factory is { } factory
                ? factory(services.Services)
                : new RegisteredHealthCheckAdapter(
                    registrations.FirstOrDefault(r => r.Name == annotation.Key)
                    ?? throw new InvalidOperationException(
                        $"Resource '{resource.Name}' uses health check '{annotation.Key}', which is not registered. " +
                        $"Register it with builder.Services.AddHealthChecks().AddCheck(\"{annotation.Key}\", ...)."),
                    services.Services);
            return (annotation.Key, check);
        }).ToList();
        return new HealthMonitor(resource, checks, services.Notifications, services.TimeProvider,
            TimeSpan.FromSeconds(services.Options.HealthCheckIntervalSeconds));
    }

    protected IReadOnlyList<AllocatedEndpointSnapshot> EndpointSnapshots()
        => resource.Annotations.OfType<EndpointAnnotation>()
            .Where(e => e.AllocatedEndpoint is not null)
            .Select(e => new AllocatedEndpointSnapshot(e.Name, e.AllocatedEndpoint!.Url))
            .ToList();
}
