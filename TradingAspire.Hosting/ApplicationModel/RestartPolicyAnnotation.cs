namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Overrides the default restart policy for one resource.</summary>
public sealed class RestartPolicyAnnotation(RestartPolicy policy) : IResourceAnnotation
{
    /// <summary>The policy.</summary>
    public RestartPolicy Policy { get; } = policy;
}
