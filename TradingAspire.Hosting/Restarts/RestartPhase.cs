namespace TradingAspire.Hosting;

/// <summary>
/// Where a supervised replica is. Down: not started, or stopped on request. Up: seen Running. PendingRestart: crashed, a
/// start is scheduled (its delay runs, or it waits for a dependency to run again). Restarted: the start was asked; Aspire
/// first deletes the old DCP object, republishing its Finished state, so terminal states are stale until Starting.
/// Launched: starting after a restart; an exit counts as another crash. GaveUp: crashed more often than the policy
/// allows, left down until someone starts it.
/// </summary>
internal enum RestartPhase { Down, Up, PendingRestart, Restarted, Launched, GaveUp }
