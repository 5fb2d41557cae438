namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A custom command shown on the dashboard and reachable from the CLI (e.g. a database backup).</summary>
public sealed class ResourceCommandAnnotation(
    string name,
    string displayName,
    Func<ExecuteCommandContext, Task<ExecuteCommandResult>> executeCommand,
    string? description = null,
    string? confirmationMessage = null) : IResourceAnnotation
{
    /// <summary>The command name used by the API and the CLI.</summary>
    public string Name { get; } = name;

    /// <summary>Label shown on the dashboard.</summary>
    public string DisplayName { get; } = displayName;

    /// <summary>Runs the command.</summary>
    public Func<ExecuteCommandContext, Task<ExecuteCommandResult>> ExecuteCommand { get; } = executeCommand;

    /// <summary>Longer description.</summary>
    public string? Description { get; } = description;

    /// <summary>When set, the dashboard asks for confirmation with this text before running.</summary>
    public string? ConfirmationMessage { get; } = confirmationMessage;
}

/// <summary>Context for a command invocation.</summary>
public sealed class ExecuteCommandContext(IServiceProvider services, string resourceName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
{
    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>The resource the command runs on.</summary>
    public string ResourceName { get; } = resourceName;

    /// <summary>Arguments given on the CLI (empty from the dashboard).</summary>
    public IReadOnlyList<string> Arguments { get; } = arguments;

    /// <summary>Cancellation of the command.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
}

/// <summary>The outcome of a command.</summary>
public sealed record ExecuteCommandResult(bool Success, string? Message = null)
{
    /// <summary>A successful result with an optional message.</summary>
    public static ExecuteCommandResult Ok(string? message = null) => new(true, message);

    /// <summary>A failed result with the reason.</summary>
    public static ExecuteCommandResult Failed(string message) => new(false, message);
}
