namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>When an exited process is started again.</summary>
public enum RestartMode
{
    /// <summary>Never restart; an exit is final.</summary>
    Never,

    /// <summary>Restart after a non-zero exit code (a crash); exit code 0 means Finished.</summary>
    OnFailure,

    /// <summary>Restart after any exit that the orchestrator did not ask for.</summary>
    Always,
}

/// <summary>
/// Restart rules for a crashed resource: exponential backoff (<see cref="InitialBackoff"/> doubling up to
/// <see cref="MaxBackoff"/>) and at most <see cref="MaxRestarts"/> restarts within <see cref="Window"/>.
/// </summary>
public sealed record RestartPolicy(RestartMode Mode, int MaxRestarts, TimeSpan Window, TimeSpan InitialBackoff, TimeSpan MaxBackoff)
{
    /// <summary>The default of DESIGN.md §4: on failure, 3 restarts in 5 minutes, 1 s doubling to 30 s.</summary>
    public static RestartPolicy Default { get; } =
        new(RestartMode.OnFailure, 3, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>A policy that never restarts.</summary>
    public static RestartPolicy Never { get; } = Default with { Mode = RestartMode.Never, MaxRestarts = 0 };
}
