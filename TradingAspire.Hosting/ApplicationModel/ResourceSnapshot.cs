using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>
/// Immutable state of one resource at one moment. Every change is a new snapshot published by
/// <c>ResourceNotificationService</c>; the console, the dashboard, WaitFor and tests all read that stream.
/// </summary>
public sealed record ResourceSnapshot
{
    /// <summary>The resource name.</summary>
    public required string Name { get; init; }

    /// <summary>Kind of resource (Executable, Project, Postgres, ...).</summary>
    public required string ResourceType { get; init; }

    /// <summary>One of <see cref="KnownResourceStates"/>.</summary>
    public string State { get; init; } = KnownResourceStates.NotStarted;

    /// <summary>Extra words on the state: what it waits for, an install step, why it failed.</summary>
    public string? StateDetail { get; init; }

    /// <summary>Aggregate health; null while there is nothing to report (not running).</summary>
    public HealthStatus? HealthStatus { get; init; }

    /// <summary>Each health check's last result.</summary>
    public IReadOnlyList<HealthReportSnapshot> HealthReports { get; init; } = [];

    /// <summary>The pid of the running process, when there is one.</summary>
    public int? ProcessId { get; init; }

    /// <summary>Exit code of the last run.</summary>
    public int? ExitCode { get; init; }

    /// <summary>When the current run started.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When the last run stopped.</summary>
    public DateTimeOffset? StopTime { get; init; }

    /// <summary>How many times the orchestrator restarted the resource after a crash or on request.</summary>
    public int RestartCount { get; init; }

    /// <summary>Allocated endpoints by name.</summary>
    public IReadOnlyList<AllocatedEndpointSnapshot> Endpoints { get; init; } = [];

    /// <summary>The environment of the current run; secret values are flagged.</summary>
    public IReadOnlyList<EnvironmentVariableSnapshot> Environment { get; init; } = [];

    /// <summary>Names of the resources this one waits for.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Monotonic version, incremented with every published change.</summary>
    public long Version { get; init; }

    /// <summary>True when healthy (or Finished for run-to-completion resources).</summary>
    public bool IsHealthy => State == KnownResourceStates.Running && HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
}

/// <summary>An endpoint as shown on the dashboard.</summary>
public sealed record AllocatedEndpointSnapshot(string Name, string Url);

/// <summary>An environment variable as shown on the dashboard; the value of a secret must be masked by readers.</summary>
public sealed record EnvironmentVariableSnapshot(string Name, string Value, bool IsSecret);
