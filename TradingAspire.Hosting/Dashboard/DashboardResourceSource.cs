using System.Runtime.CompilerServices;
using TradingAspire.Dashboard.Model;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Logging;
using TradingAspire.Hosting.Orchestration;

namespace TradingAspire.Hosting.Dashboard;

/// <summary>Adapts the orchestrator's state stream, console logs and commands to the dashboard's narrow interface.</summary>
internal sealed class DashboardResourceSource(
    ResourceNotificationService notifications, ResourceLoggerService logs, ApplicationOrchestrator orchestrator, DistributedApplicationModel model)
    : IDashboardResourceSource
{
    public IReadOnlyList<DashboardResource> GetResources() => notifications.GetAll().Select(Map).ToList();

    public async IAsyncEnumerable<DashboardResource> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var resourceEvent in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Map(resourceEvent);
        }
    }

    public IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string resourceName, int tail)
        => logs.Tail(resourceName, tail).Select(Map).ToList();

    public async IAsyncEnumerable<ConsoleLogLine> WatchConsoleLogsAsync(string resourceName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in logs.WatchAsync(resourceName, includeExisting: false, cancellationToken).ConfigureAwait(false))
        {
            yield return Map(line);
        }
    }

    public async Task<DashboardCommandResult> ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken)
    {
        var result = await orchestrator.ExecuteCommandAsync(resourceName, commandName, [], cancellationToken).ConfigureAwait(false);
        return new DashboardCommandResult(result.Success, result.Message);
    }

    private DashboardResource Map(ResourceEvent resourceEvent)
    {
        var s = resourceEvent.Snapshot;
        var commands = (model.Find(s.Name)?.Annotations.OfType<ResourceCommandAnnotation>() ?? [])
            .Select(c => new DashboardCommand(c.Name, c.DisplayName, c.Description, c.ConfirmationMessage is not null)).ToList();
        return new DashboardResource(
            s.Name, s.ResourceType, s.State, s.HealthStatus?.ToString(),
            s.HealthReports.Select(h => new DashboardHealthReport(h.Name, h.Status, h.Description)).ToList(),
            s.StartTime, s.StopTime, s.ProcessId, s.ExitCode, s.RestartCount,
            s.Endpoints.Select(e => new DashboardEndpoint(e.Name, e.Url)).ToList(),
            s.Environment.Select(e => new DashboardEnvironmentVariable(e.Name, e.Value, e.IsSecret)).ToList(),
            commands, s.DependsOn, s.StateDetail);
    }

    private static ConsoleLogLine Map(LogLine line) => new(line.LineNumber, line.Timestamp, line.Text, line.IsError);
}
