namespace TradingAspire.Hosting.Orchestration;

/// <summary>What happens after a process exits.</summary>
public enum RestartAction
{
    /// <summary>Start it again after <see cref="RestartDecision.Delay"/>.</summary>
    Restart,

    /// <summary>It completed successfully: Finished.</summary>
    Finish,

    /// <summary>It exited and is not restarted (stop requested, or the policy says never): Exited.</summary>
    Exit,

    /// <summary>It crashed past the restart limit: FailedToStart.</summary>
    GiveUp,
}

/// <summary>The outcome of <see cref="RestartDecider.Decide"/>.</summary>
public sealed record RestartDecision(RestartAction Action, TimeSpan Delay, string Reason);
