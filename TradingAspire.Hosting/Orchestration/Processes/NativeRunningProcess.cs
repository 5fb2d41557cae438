using System.Diagnostics;

namespace TradingAspire.Hosting.Orchestration.Processes;

/// <summary>A process launched by <see cref="NativeProcessExecutor"/>; its pid is also its process group id.</summary>
internal sealed class NativeRunningProcess : IRunningProcess
{
    private readonly Process _process;

    public NativeRunningProcess(Process process)
    {
        _process = process;
        ProcessId = process.Id;
        Completion = WaitAsync();
    }

    public int ProcessId { get; }

    public Task<int> Completion { get; }

    public void Signal(int signal) => PosixSignals.Send(ProcessId, signal);

    public void KillProcessTree()
    {
        // Negative pid: the whole process group (uvicorn's reloader, Vite's esbuild, PostgreSQL's backends).
        PosixSignals.Send(-ProcessId, PosixSignals.SIGKILL);
        PosixSignals.Send(ProcessId, PosixSignals.SIGKILL);
    }

    private async Task<int> WaitAsync()
    {
        // WaitForExitAsync also waits for stdout/stderr to reach EOF, so the last lines are not lost.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        var exitCode = _process.ExitCode;
        _process.Dispose();
        return exitCode;
    }
}
