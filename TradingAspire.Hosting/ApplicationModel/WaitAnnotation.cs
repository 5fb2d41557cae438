namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>What a resource waits for before it starts.</summary>
public enum WaitType
{
    /// <summary>Wait until the dependency is Running and Healthy.</summary>
    WaitUntilHealthy,

    /// <summary>Wait until the dependency has exited with the expected exit code.</summary>
    WaitForCompletion,
}

/// <summary>Declares that the annotated resource starts only after <see cref="Resource"/> is ready.</summary>
public sealed class WaitAnnotation(IResource resource, WaitType waitType, int exitCode = 0) : IResourceAnnotation
{
    /// <summary>The dependency.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>How to wait.</summary>
    public WaitType WaitType { get; } = waitType;

    /// <summary>The exit code that counts as success for <see cref="WaitType.WaitForCompletion"/>.</summary>
    public int ExitCode { get; } = exitCode;
}
