using TradingAspire.Dashboard.Model;
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

    /// <summary>Builds the status from the dashboard API's view of a resource.</summary>
    public static ResourceStatus From(DashboardResource resource) => new(
        resource.Name, resource.ResourceType, resource.State, resource.HealthStatus, resource.ProcessId,
        resource.Endpoints.Select(e => e.Url).ToList(), resource.StartTime, resource.RestartCount, resource.ExitCode, resource.StateDetail);
}
