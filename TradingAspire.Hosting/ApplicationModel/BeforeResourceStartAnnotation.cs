using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>
/// Work done before every start of a resource, after its dependencies are ready and its endpoints allocated
/// (e.g. <c>initdb</c>, writing a config file, checking Python imports, <c>npm ci</c>). A failure stops the start:
/// the resource becomes FailedToStart with the exception's message.
/// </summary>
public sealed class BeforeResourceStartAnnotation(Func<BeforeResourceStartContext, Task> callback) : IResourceAnnotation
{
    /// <summary>The callback.</summary>
    public Func<BeforeResourceStartContext, Task> Callback { get; } = callback;
}

/// <summary>Context for <see cref="BeforeResourceStartAnnotation"/>.</summary>
public sealed class BeforeResourceStartContext(
    IResource resource, IServiceProvider services, ILogger logger, Action<string> reportProgress, CancellationToken cancellationToken)
{
    /// <summary>The resource about to start.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>Writes to the resource's console log (dashboard, <c>logs/{resource}.log</c>).</summary>
    public ILogger Logger { get; } = logger;

    /// <summary>Shows a progress step (e.g. "npm ci 1/2") as the resource's state detail, live on the console and dashboard.</summary>
    public Action<string> ReportProgress { get; } = reportProgress;

    /// <summary>Cancelled when the application stops.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
}
