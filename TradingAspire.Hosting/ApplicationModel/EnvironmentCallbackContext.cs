namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Passed to environment callbacks just before a resource (re)starts, when endpoints are allocated.</summary>
public sealed class EnvironmentCallbackContext(
    DistributedApplicationExecutionContext executionContext,
    IResource resource,
    IDictionary<string, string> environmentVariables,
    ISet<string> secretNames,
    CancellationToken cancellationToken)
{
    /// <summary>Run or publish mode, and the services of the application.</summary>
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    /// <summary>The resource whose environment is being built.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>The variables that will be passed to the process.</summary>
    public IDictionary<string, string> EnvironmentVariables { get; } = environmentVariables;

    /// <summary>Names of variables whose values are secrets (masked on the dashboard and in logs).</summary>
    public ISet<string> SecretNames { get; } = secretNames;

    /// <summary>Cancelled when the resource start is abandoned.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Sets a variable and marks it as secret.</summary>
    public void SetSecret(string name, string value)
    {
        EnvironmentVariables[name] = value;
        SecretNames.Add(name);
    }
}
