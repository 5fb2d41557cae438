using System.Diagnostics;

namespace TradingAspire.Hosting.Orchestration.Processes;

/// <summary>A process launched by <see cref="NativeProcessExecutor"/>; its pid is also its process group id.</summary>
internal sealed class NativeRunningProcess : IRunningProcess
{
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);
    private readonly Process _process;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NativeRunningProcess(Process process)
    {
        _process = process;
        ProcessId = process.Id;
        process.Exited += (_, _) => _exited.TrySetResult();
        if (process.HasExited)
        {
            _exited.TrySetResult();
        }

        Completion = WaitAsync();
    }

    public int ProcessId { get; }

    public Task<int> Completion { get; }

    public void Signal(int signal) => PosixSignals.Send(ProcessId, signal);

    public void KillProcessTree()
    {
        // Negative pid: the whole process group (uvicorn's reloader and worker, Vite's esbuild, PostgreSQL's backends).
        PosixSignals.Send(-ProcessId, PosixSignals.SIGKILL);
        PosixSignals.Send(ProcessId, PosixSignals.SIGKILL);
    }

    private async Task<int> WaitAsync()
    {
        // Wait for the program itself, not for EOF on its output: a child that inherited the pipes (uvicorn's worker
        // after its reloader was killed) would otherwise hide the exit. The rest of the group goes with the program.
        await _exited.Task.ConfigureAwait(false);
        PosixSignals.Send(-ProcessId, PosixSignals.SIGKILL);
        using var drain = new CancellationTokenSource(OutputDrainTimeout);
        try
        {
            await _process.WaitForExitAsync(drain.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Output still open after the drain timeout: keep the exit code, drop the rest of the output.
        }

        var exitCode = _process.ExitCode;
        _process.Dispose();
        return exitCode;
    }
}
