namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Passed to argument callbacks just before a resource (re)starts.</summary>
public sealed class CommandLineArgsCallbackContext(
    DistributedApplicationExecutionContext executionContext, IResource resource, IList<string> args, CancellationToken cancellationToken)
{
    /// <summary>Run or publish mode, and the services of the application.</summary>
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    /// <summary>The resource whose arguments are being built.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>The arguments passed to the process, in order.</summary>
    public IList<string> Args { get; } = args;

    /// <summary>Cancelled when the resource start is abandoned.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
}
