namespace TradingAspire.Dashboard.Model;

/// <summary>What the dashboard needs from the orchestrator; the AppHost adapts its resource state to this.</summary>
public interface IDashboardResourceSource
{
    /// <summary>Every resource now.</summary>
    IReadOnlyList<DashboardResource> GetResources();

    /// <summary>Every current resource first, then each change.</summary>
    IAsyncEnumerable<DashboardResource> WatchAsync(CancellationToken cancellationToken);

    /// <summary>The last <paramref name="tail"/> console lines of a resource.</summary>
    IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string resourceName, int tail);

    /// <summary>New console lines of a resource.</summary>
    IAsyncEnumerable<ConsoleLogLine> WatchConsoleLogsAsync(string resourceName, CancellationToken cancellationToken);

    /// <summary>Runs start, stop, restart or a custom command.</summary>
    Task<DashboardCommandResult> ExecuteCommandAsync(string resourceName, string commandName, CancellationToken cancellationToken);
}

/// <summary>A resource as the dashboard shows it.</summary>
public sealed record DashboardResource(
    string Name, string ResourceType, string State, string? HealthStatus, IReadOnlyList<DashboardHealthReport> HealthReports,
    DateTimeOffset? StartTime, DateTimeOffset? StopTime, int? ProcessId, int? ExitCode, int RestartCount,
    IReadOnlyList<DashboardEndpoint> Endpoints, IReadOnlyList<DashboardEnvironmentVariable> Environment,
    IReadOnlyList<DashboardCommand> Commands, IReadOnlyList<string> DependsOn, string? StateDetail)
{
    /// <summary>The same resource with every secret value replaced by <c>********</c>.</summary>
    public DashboardResource Masked() => this with
    {
        Environment = Environment.Select(e => e.IsSecret ? e with { Value = DashboardEnvironmentVariable.Mask } : e).ToList(),
    };
}

/// <summary>One health check result.</summary>
public sealed record DashboardHealthReport(string Name, string Status, string? Description);

/// <summary>A named endpoint URL.</summary>
public sealed record DashboardEndpoint(string Name, string Url);

/// <summary>An environment variable; secret values are masked before they leave the dashboard.</summary>
public sealed record DashboardEnvironmentVariable(string Name, string? Value, bool IsSecret)
{
    /// <summary>What a secret value is shown as.</summary>
    public const string Mask = "********";
}

/// <summary>A command the resource offers.</summary>
public sealed record DashboardCommand(string Name, string DisplayName, string? Description, bool RequiresConfirmation);

/// <summary>One console line.</summary>
public sealed record ConsoleLogLine(long LineNumber, DateTimeOffset Timestamp, string Text, bool IsError);

/// <summary>The outcome of a command.</summary>
public sealed record DashboardCommandResult(bool Success, string? Message);
