namespace Aspire.Hosting.ApplicationModel;

/// <summary>Marks a resource whose unexpected exits are restarted under <see cref="Policy"/> (added by <c>WithRestartPolicy</c>).</summary>
/// <param name="policy">The validated policy.</param>
public sealed class RestartPolicyAnnotation(RestartPolicy policy) : IResourceAnnotation
{
    /// <summary>The validated policy.</summary>
    public RestartPolicy Policy { get; } = policy ?? throw new ArgumentNullException(nameof(policy));
}
