using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>A resource without a process of its own (a database in a server): run its callback, then monitor health.</summary>
internal sealed class CustomResourceRun(IResource resource, CustomResourceRunnerAnnotation runner, SupervisorServices services)
    : ResourceRun(resource, services)
{
    private CancellationTokenSource? _runCancellation;

    protected override async Task RunCoreAsync(CancellationToken applicationStopping)
    {
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(applicationStopping);
        _runCancellation = runCancellation;
        await PublishAsync(s => s with { State = KnownResourceStates.Starting, StateDetail = null, ExitCode = null }).ConfigureAwait(false);
        try
        {
            await RunBeforeStartHooksAsync(runCancellation.Token).ConfigureAwait(false);
            await runner.Run(new CustomResourceRunContext(Resource, Services.Services, Services.Logs.GetLogger(Resource.Name), runCancellation.Token))
                .ConfigureAwait(false);
            await PublishAsync(s => s with
            {
                State = KnownResourceStates.Running,
                StateDetail = null,
                StartTime = Services.TimeProvider.GetUtcNow(),
                StopTime = null,
                Endpoints = EndpointSnapshots(),
            }).ConfigureAwait(false);
            await CreateHealthMonitor().RunAsync(runCancellation.Token).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, runCancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (runCancellation.IsCancellationRequested && !applicationStopping.IsCancellationRequested)
        {
            // Stopped on request.
        }
        finally
        {
            _runCancellation = null;
        }

        await PublishAsync(s => s with { State = KnownResourceStates.Exited, StateDetail = "stopped", StopTime = Services.TimeProvider.GetUtcNow() })
            .ConfigureAwait(false);
        applicationStopping.ThrowIfCancellationRequested();
    }

    protected override async Task RequestStopAsync(CancellationToken cancellationToken)
    {
        await PublishAsync(s => s with { State = KnownResourceStates.Stopping }).ConfigureAwait(false);
        _runCancellation?.Cancel();
    }
}
