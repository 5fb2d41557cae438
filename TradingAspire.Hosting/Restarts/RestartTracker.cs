namespace TradingAspire.Hosting;

/// <summary>
/// The restart bookkeeping of one resource replica (by its resource id, e.g. <c>api-xkcd</c>). Every field is read and
/// written under <see cref="Gate"/>.
/// </summary>
internal sealed class RestartTracker(string resourceId, string resourceName, RestartPolicy policy)
{
    public object Gate { get; } = new();

    /// <summary>Aspire's id of the replica (what <see cref="Aspire.Hosting.ApplicationModel.ResourceEvent.ResourceId"/> carries).</summary>
    public string ResourceId { get; } = resourceId;

    /// <summary>The model name (what <c>aspire resource NAME start</c> takes).</summary>
    public string ResourceName { get; } = resourceName;

    public RestartPolicy Policy { get; } = policy;

    public RestartPhase Phase { get; set; } = RestartPhase.Down;

    /// <summary>Times of unexpected exits still inside the policy's window.</summary>
    public List<DateTimeOffset> Exits { get; } = [];

    /// <summary>Process id of the last unexpected exit; a terminal state carrying it again is a stale repeat.</summary>
    public int? LastExitPid { get; set; }

    /// <summary>Set by the stop command (dashboard, CLI, <c>ResourceCommandService</c>); cleared when the resource runs again.</summary>
    public bool StopRequested { get; set; }

    /// <summary>Exits a restart/rebuild command is about to cause (it stops, then starts): not crashes.</summary>
    public int ExpectedOperatorExits { get; set; }

    /// <summary>Automatic restarts so far (shown as the <c>restart.count</c> property).</summary>
    public int RestartCount { get; set; }

    /// <summary>The state text the supervisor published last (pending restart or gave up), to put back if DCP overwrites it.</summary>
    public string? OwnStateText { get; set; }

    /// <summary>Style of <see cref="OwnStateText"/> (a <c>KnownResourceStateStyles</c> value).</summary>
    public string? OwnStateStyle { get; set; }
}
