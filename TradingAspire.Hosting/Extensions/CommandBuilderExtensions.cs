using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting;

/// <summary><c>WithCommand</c> and <c>WithRestartPolicy</c>.</summary>
public static class CommandBuilderExtensions
{
    /// <summary>Adds a custom command shown on the dashboard and runnable from the CLI.</summary>
    public static IResourceBuilder<T> WithCommand<T>(
        this IResourceBuilder<T> builder,
        string name,
        string displayName,
        Func<ExecuteCommandContext, Task<ExecuteCommandResult>> executeCommand,
        string? description = null,
        string? confirmationMessage = null)
        where T : IResource
    {
        if (builder.Resource.Annotations.OfType<ResourceCommandAnnotation>().Any(c => c.Name == name) || name is "start" or "stop" or "restart")
        {
            throw new InvalidOperationException($"Resource '{builder.Resource.Name}' already has a command named '{name}'. Choose another name.");
        }

        return builder.WithAnnotation(new ResourceCommandAnnotation(name, displayName, executeCommand, description, confirmationMessage));
    }

    /// <summary>Sets how the resource is restarted after it exits unexpectedly.</summary>
    public static IResourceBuilder<T> WithRestartPolicy<T>(this IResourceBuilder<T> builder, RestartPolicy policy) where T : IResource
    {
        if (policy.MaxRestarts < 0 || policy.InitialBackoff <= TimeSpan.Zero || policy.MaxBackoff < policy.InitialBackoff || policy.Window <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"Invalid restart policy for '{builder.Resource.Name}': {policy}. Expected MaxRestarts ≥ 0, InitialBackoff > 0, " +
                "MaxBackoff ≥ InitialBackoff and Window > 0 (example: RestartPolicy.Default with { MaxRestarts = 5 }).", nameof(policy));
        }

        foreach (var existing in builder.Resource.Annotations.OfType<RestartPolicyAnnotation>().ToList())
        {
            builder.Resource.Annotations.Remove(existing);
        }

        return builder.WithAnnotation(new RestartPolicyAnnotation(policy));
    }
}
