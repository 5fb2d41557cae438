namespace TradingAspire.Hosting.Orchestration.Processes;

/// <summary>
/// The narrow interface between the orchestrator and the operating system, so the orchestrator can be tested with
/// a fake executor and no processes.
/// </summary>
public interface IProcessExecutor
{
    /// <summary>Launches the process; <paramref name="onOutput"/> receives each stdout/stderr line (text, isError).</summary>
    Task<IRunningProcess> StartAsync(ProcessSpec spec, Action<string, bool> onOutput, CancellationToken cancellationToken);
}

/// <summary>A launched process.</summary>
public interface IRunningProcess
{
    /// <summary>The pid (the program's own: launchers exec rather than fork).</summary>
    int ProcessId { get; }

    /// <summary>Completes with the exit code (128 + signal when killed by a signal).</summary>
    Task<int> Completion { get; }

    /// <summary>Sends a signal to the process itself.</summary>
    void Signal(int signal);

    /// <summary>SIGKILLs the process and everything in its process group.</summary>
    void KillProcessTree();
}
