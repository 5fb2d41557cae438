using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Control;

/// <summary>One resource as reported by <c>status</c>: the snapshot without environment values.</summary>
public sealed record ResourceStatus(
    string Name, string Type, string State, string? Health, int? ProcessId, IReadOnlyList<string> Endpoints,
    DateTimeOffset? StartTime, int RestartCount, int? ExitCode, string? Detail)
{
    /// <summary>Builds the status from a snapshot.</summary>
    public static ResourceStatus From(ResourceSnapshot snapshot) => new(
        snapshot.Name, snapshot.ResourceType, snapshot.State, snapshot.HealthStatus?.ToString(), snapshot.ProcessId,
        snapshot.Endpoints.Select(e => e.Url).ToList(), snapshot.StartTime, snapshot.RestartCount, snapshot.ExitCode, snapshot.StateDetail);
}
