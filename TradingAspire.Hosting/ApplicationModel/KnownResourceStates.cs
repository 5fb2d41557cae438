namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>The states a resource moves through, named as Aspire names them.</summary>
public static class KnownResourceStates
{
    /// <summary>Declared, not started yet.</summary>
    public const string NotStarted = "NotStarted";

    /// <summary>Waiting for dependencies (the state detail says which).</summary>
    public const string Waiting = "Waiting";

    /// <summary>Preparing or launching the process.</summary>
    public const string Starting = "Starting";

    /// <summary>The process runs; see the health status.</summary>
    public const string Running = "Running";

    /// <summary>Running but its health checks fail after it had been healthy.</summary>
    public const string RuntimeUnhealthy = "RuntimeUnhealthy";

    /// <summary>Being stopped.</summary>
    public const string Stopping = "Stopping";

    /// <summary>Stopped or exited with a non-zero code and not restarted.</summary>
    public const string Exited = "Exited";

    /// <summary>Exited with code 0 (a run-to-completion resource).</summary>
    public const string Finished = "Finished";

    /// <summary>Could not be started, or crashed past the restart limit.</summary>
    public const string FailedToStart = "FailedToStart";

    /// <summary>States from which the resource will not move on its own.</summary>
    public static IReadOnlySet<string> TerminalStates { get; } = new HashSet<string> { Exited, Finished, FailedToStart };
}
