using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Orchestration.Processes;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>
/// Runs one resource as a readable loop: wait for dependencies → prepare → start → probe health → await exit →
/// decide restart → back off → again. Stop/Start/Restart requests from the dashboard and CLI go through here too.
/// </summary>
internal sealed class ResourceSupervisor(IResource resource, ResourceRun run, SupervisorServices services)
{
    private readonly Channel<bool> _startRequests = Channel.CreateUnbounded<bool>();
    private readonly SemaphoreSlim _commandGate = new(1, 1);
    private Task _loop = Task.CompletedTask;

    public IResource Resource => resource;

    public void Start(CancellationToken applicationStopping) => _loop = Task.Run(() => LoopAsync(applicationStopping), CancellationToken.None);

    /// <summary>Completes when the supervision loop has ended (application stopping).</summary>
    public Task Completion => _loop;

    /// <summary>Stops the resource gracefully (signal → timeout → kill the tree) and waits until it is down.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _commandGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await run.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _commandGate.Release();
        }
    }

    /// <summary>Starts the resource again if it is in a terminal state.</summary>
    public async Task StartAsync()
    {
        // Leave the terminal state before returning, so a caller waiting for Healthy does not see the old Exited.
        await services.Notifications.PublishUpdateAsync(resource, s => KnownResourceStates.TerminalStates.Contains(s.State)
            ? s with { State = KnownResourceStates.Starting, StateDetail = "start requested" }
            : s).ConfigureAwait(false);
        await _startRequests.Writer.WriteAsync(true).ConfigureAwait(false);
    }

    /// <summary>Stops then starts the resource; counts as a restart.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await services.Notifications.PublishUpdateAsync(resource, s => s with { RestartCount = s.RestartCount + 1 }).ConfigureAwait(false);
        await StartAsync().ConfigureAwait(false);
    }

    private async Task LoopAsync(CancellationToken applicationStopping)
    {
        var waiter = new DependencyWaiter(services.Notifications, services.Logs, TimeSpan.FromSeconds(services.Options.StartupTimeoutSeconds));
        var firstRun = true;
        while (!applicationStopping.IsCancellationRequested)
        {
            try
            {
                if (firstRun)
                {
                    await WaitForDependenciesAsync(waiter, applicationStopping).ConfigureAwait(false);
                }

                firstRun = false;
                await run.RunUntilTerminalAsync(applicationStopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (applicationStopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DependencyFailedException)
            {
                await FailAsync(DependencyFailedException.Prefix + ex.Message).ConfigureAwait(false);
                firstRun = false;
            }
            catch (Exception ex)
            {
                // Start hooks throw InvalidOperationException with a message written for the user; show it as is.
                await FailAsync(ex is InvalidOperationException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            }

            try
            {
                await _startRequests.Reader.ReadAsync(applicationStopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WaitForDependenciesAsync(DependencyWaiter waiter, CancellationToken cancellationToken)
    {
        var waits = resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).Distinct().ToList();
        if (waits.Count == 0)
        {
            return;
        }

        await services.Notifications.PublishUpdateAsync(resource, s => s with
        {
            State = KnownResourceStates.Waiting,
            StateDetail = $"waiting for {string.Join(", ", waits)}",
        }).ConfigureAwait(false);
        await waiter.WaitAsync(resource, cancellationToken).ConfigureAwait(false);
    }

    private async Task FailAsync(string reason)
    {
        services.Logger.LogError("{Resource} failed to start: {Reason}", resource.Name, reason);
        services.Logs.Write(resource.Name, $"[apphost] failed to start: {reason}", isError: true);
        await services.Notifications.PublishUpdateAsync(resource, s => s with
        {
            State = KnownResourceStates.FailedToStart,
            StateDetail = reason,
            ProcessId = null,
            StopTime = services.TimeProvider.GetUtcNow(),
        }).ConfigureAwait(false);
    }
}
