using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>
/// Runs a resource that has no process of its own (e.g. a database inside a server): <see cref="Run"/> completes
/// when the resource is ready, after which it is Running and its health checks are polled; an exception makes it
/// FailedToStart with that message.
/// </summary>
public sealed class CustomResourceRunnerAnnotation(Func<CustomResourceRunContext, Task> run) : IResourceAnnotation
{
    /// <summary>The run callback.</summary>
    public Func<CustomResourceRunContext, Task> Run { get; } = run;
}

/// <summary>Context for <see cref="CustomResourceRunnerAnnotation"/>.</summary>
public sealed class CustomResourceRunContext(IResource resource, IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
{
    /// <summary>The resource being started.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>Writes to the resource's console log.</summary>
    public ILogger Logger { get; } = logger;

    /// <summary>Cancelled when the application stops.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
}
