namespace TradingAspire.Hosting;

/// <summary>The restart bookkeeping of one replica (<paramref name="id"/>, e.g. <c>api-xkcd</c>), used under its own lock.</summary>
internal sealed class RestartTracker(string id, string name, RestartPolicyAnnotation policy)
{
    public readonly string Id = id;
    public readonly string Name = name;
    public readonly RestartPolicyAnnotation Policy = policy;
    public readonly List<DateTimeOffset> Exits = []; // unexpected exits still inside the policy's window
    public RestartPhase Phase = RestartPhase.Down;
    public int Pid; // of the last Running state seen
    public int LastExitPid; // a terminal state carrying it again is a stale repeat
    public string? LastState; // of the last event: an exit after Stopping was asked for
    public bool StopRequested; // by the stop command; cleared when the resource runs again
    public int ExpectedOperatorExits; // a restart/rebuild command stops, then starts: not crashes; the next exit takes them
    public int OperatorCommands; // restart/rebuild commands running: their expected exit stays meanwhile
    public int RestartCount;
    public string? OwnStateText; // published last (pending restart, gave up), put back if DCP overwrites it
    public string? OwnStateStyle;

    /// <summary>Cancels the pending restart's delay and dependency wait: a stop, a start by someone else, the AppHost stopping.</summary>
    public CancellationTokenSource? PendingRestart;

    /// <summary>
    /// Cancels, forgets and disposes <see cref="PendingRestart"/>, if any. The restart it belongs to disposes it too when
    /// it ends (disposing twice is harmless); a restart that goes ahead takes it off the tracker, so no later stop cancels it.
    /// </summary>
    public void CancelPendingRestart()
    {
        if (PendingRestart is { } pending)
        {
            PendingRestart = null;
            pending.Cancel();
            pending.Dispose();
        }
    }
}
