namespace TradingAspire.Hosting;

/// <summary>Where one supervised resource (replica) is, as the restart supervisor sees it.</summary>
internal enum RestartPhase
{
    /// <summary>Not started yet, or down after a stop that was asked for (or the app's shutdown).</summary>
    Down,

    /// <summary>Seen Running: an exit now is unexpected unless a stop was asked for.</summary>
    Up,

    /// <summary>Exited unexpectedly; a start is scheduled after the policy's delay.</summary>
    PendingRestart,

    /// <summary>
    /// The supervisor has asked Aspire to start it. Aspire first deletes the old DCP object, which republishes the old
    /// process's Finished state: terminal states are stale until Starting is seen.
    /// </summary>
    Restarted,

    /// <summary>Starting again after a restart: an exit before or after Running counts as another crash.</summary>
    Launched,

    /// <summary>Exited more often than the policy allows: left down until someone starts it.</summary>
    GaveUp,
}
