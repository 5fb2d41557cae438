using System.Collections.Concurrent;
using TradingAspire.Hosting.Orchestration.Processes;

namespace TradingAspire.Tests.Support;

/// <summary>An executor that starts no processes: tests decide when each "process" exits.</summary>
internal sealed class FakeProcessExecutor : IProcessExecutor
{
    private int _nextPid = 50_000;

    public ConcurrentQueue<(ProcessSpec Spec, FakeProcess Process)> Started { get; } = new();

    public Task<IRunningProcess> StartAsync(ProcessSpec spec, Action<string, bool> onOutput, CancellationToken cancellationToken)
    {
        var process = new FakeProcess(Interlocked.Increment(ref _nextPid));
        onOutput($"{spec.ResourceName} started", false);
        Started.Enqueue((spec, process));
        return Task.FromResult<IRunningProcess>(process);
    }

    public FakeProcess[] ProcessesOf(string resource) => Started.Where(s => s.Spec.ResourceName == resource).Select(s => s.Process).ToArray();
}

/// <summary>A pretend process: <see cref="Exit"/> ends it; SIGTERM/SIGINT end it with 0 (graceful).</summary>
internal sealed class FakeProcess(int pid) : IRunningProcess
{
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ProcessId { get; } = pid;

    public Task<int> Completion => _exit.Task;

    public List<int> Signals { get; } = [];

    public void Exit(int code) => _exit.TrySetResult(code);

    public void Signal(int signal)
    {
        lock (Signals)
        {
            Signals.Add(signal);
        }

        Exit(0);
    }

    public void KillProcessTree() => Exit(137);
}
