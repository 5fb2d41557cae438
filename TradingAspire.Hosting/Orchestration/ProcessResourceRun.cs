using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Orchestration.Processes;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>A resource backed by a native process: start, monitor, restart per policy, stop by signal then kill.</summary>
internal sealed class ProcessResourceRun(ProcessResource resource, SupervisorServices services) : ResourceRun(resource, services)
{
    private readonly string _instanceId = $"{resource.Name}-{Guid.NewGuid():N}"[..(resource.Name.Length + 9)];
    private IRunningProcess? _process;
    private CancellationTokenSource? _runCancellation;
    private volatile bool _stopRequested;

    private int StopSignal => Resource.Annotations.OfType<StopSignalAnnotation>().LastOrDefault()?.Signal ?? PosixSignals.SIGTERM;

    protected override async Task RunCoreAsync(CancellationToken applicationStopping)
    {
        _stopRequested = false;
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(applicationStopping);
        _runCancellation = runCancellation;
        var policy = Resource.Annotations.OfType<RestartPolicyAnnotation>().LastOrDefault()?.Policy ?? DefaultPolicy();
        var restarts = new List<DateTimeOffset>();
        while (true)
        {
            var exitCode = await RunProcessOnceAsync(runCancellation.Token).ConfigureAwait(false);
            if (exitCode is null)
            {
                await PublishAsync(s => s with { State = KnownResourceStates.Exited, StateDetail = "stopped on request" }).ConfigureAwait(false);
                return;
            }

            var now = Services.TimeProvider.GetUtcNow();
            var decision = RestartDecider.Decide(policy, exitCode.Value, _stopRequested || applicationStopping.IsCancellationRequested, restarts, now);
            Services.Logs.Write(Resource.Name, $"[apphost] process exited with code {exitCode}: {decision.Reason}", isError: exitCode != 0 && !_stopRequested);
            switch (decision.Action)
            {
                case RestartAction.Finish:
                    await PublishTerminalAsync(KnownResourceStates.Finished, exitCode.Value, null).ConfigureAwait(false);
                    return;
                case RestartAction.Exit:
                    await PublishTerminalAsync(KnownResourceStates.Exited, exitCode.Value, decision.Reason).ConfigureAwait(false);
                    return;
                case RestartAction.GiveUp:
                    var lastLines = string.Join(Environment.NewLine, Services.Logs.Tail(Resource.Name, 6).Select(l => "    " + l.Text));
                    Services.Logger.LogError("{Resource} crashed too often and will not be restarted: {Reason}. Last log lines:{NewLine}{Lines}",
                        Resource.Name, decision.Reason, Environment.NewLine, lastLines);
                    await PublishTerminalAsync(KnownResourceStates.FailedToStart, exitCode.Value, $"crashed too often: {decision.Reason}").ConfigureAwait(false);
                    return;
            }

            Services.Logger.LogWarning("{Resource} {Reason}", Resource.Name, decision.Reason);
            await PublishAsync(s => s with
            {
                State = KnownResourceStates.Starting, StateDetail = decision.Reason, ExitCode = exitCode, ProcessId = null, StopTime = now,
            }).ConfigureAwait(false);
            try
            {
                await Task.Delay(decision.Delay, Services.TimeProvider, runCancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopRequested && !applicationStopping.IsCancellationRequested)
            {
                await PublishTerminalAsync(KnownResourceStates.Exited, exitCode.Value, "stopped on request").ConfigureAwait(false);
                return;
            }

            restarts.Add(now);
            await PublishAsync(s => s with { RestartCount = s.RestartCount + 1 }).ConfigureAwait(false);
        }
    }

    protected override async Task RequestStopAsync(CancellationToken cancellationToken)
    {
        _stopRequested = true;
        await PublishAsync(s => s with { State = KnownResourceStates.Stopping }).ConfigureAwait(false);
        var process = _process;
        _runCancellation?.Cancel();
        if (process is null)
        {
            return;
        }

        process.Signal(StopSignal);
        var timeout = TimeSpan.FromSeconds(Services.Options.ShutdownTimeoutSeconds);
        var finished = await Task.WhenAny(process.Completion, Task.Delay(timeout, Services.TimeProvider, cancellationToken)).ConfigureAwait(false);
        if (finished != process.Completion)
        {
            Services.Logs.Write(Resource.Name, $"[apphost] did not stop within {timeout.TotalSeconds:0.#} s; killing its process tree", isError: true);
        }

        // Also reaps helpers left in the process group (uvicorn's reloader child, Vite's esbuild).
        process.KillProcessTree();
        await process.Completion.ConfigureAwait(false);
    }

    /// <summary>Starts the process and waits for it to exit; null when stopped before it started.</summary>
    private async Task<int?> RunProcessOnceAsync(CancellationToken cancellationToken)
    {
        await PublishAsync(s => s with { State = KnownResourceStates.Starting, StateDetail = null, ProcessId = null }).ConfigureAwait(false);
        try
        {
            await RunBeforeStartHooksAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopRequested)
        {
            return null;
        }

        var (environment, secretNames) = await Services.EnvironmentBuilder.BuildEnvironmentAsync(Resource, _instanceId, cancellationToken).ConfigureAwait(false);
        var args = await Services.EnvironmentBuilder.BuildArgsAsync(Resource, cancellationToken).ConfigureAwait(false);
        var runAsUser = Resource.Annotations.OfType<RunAsUserAnnotation>().LastOrDefault()?.UserName;
        var spec = new ProcessSpec(Resource.Name, resource.Command, args, resource.WorkingDirectory, environment, runAsUser);
        var process = await Services.Executor.StartAsync(spec, (line, isError) => Services.Logs.Write(Resource.Name, line, isError), cancellationToken)
            .ConfigureAwait(false);
        _process = process;
        Services.PidFiles.Write(Resource.Name, ProcessIdentity.Read(process.ProcessId) ?? new ProcessIdentity(process.ProcessId, 0), StopSignal);
        await PublishAsync(s => s with
        {
            State = KnownResourceStates.Running,
            StateDetail = null,
            ProcessId = process.ProcessId,
            StartTime = Services.TimeProvider.GetUtcNow(),
            StopTime = null,
            ExitCode = null,
            Endpoints = EndpointSnapshots(),
            Environment = environment.OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new EnvironmentVariableSnapshot(e.Key, e.Value, secretNames.Contains(e.Key))).ToList(),
        }).ConfigureAwait(false);

        using var healthCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var health = CreateHealthMonitor().RunAsync(healthCancellation.Token);
        var exitCode = await process.Completion.ConfigureAwait(false);
        await healthCancellation.CancelAsync().ConfigureAwait(false);
        await health.ConfigureAwait(false);
        _process = null;
        Services.PidFiles.Delete(Resource.Name);
        return exitCode;
    }

    private Task PublishTerminalAsync(string state, int exitCode, string? detail) => PublishAsync(s => s with
    {
        State = state, StateDetail = detail, ExitCode = exitCode, ProcessId = null, StopTime = Services.TimeProvider.GetUtcNow(),
    });

    private RestartPolicy DefaultPolicy() => RestartPolicy.Default with
    {
        MaxRestarts = Services.Options.MaxRestarts,
        Window = TimeSpan.FromSeconds(Services.Options.RestartWindowSeconds),
        InitialBackoff = TimeSpan.FromSeconds(Services.Options.InitialRestartBackoffSeconds),
        MaxBackoff = TimeSpan.FromSeconds(Services.Options.MaxRestartBackoffSeconds),
    };
}
