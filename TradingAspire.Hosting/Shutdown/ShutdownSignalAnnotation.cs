namespace TradingAspire.Hosting;

/// <summary>The signal the ordered shutdown sends this resource's process instead of SIGTERM.</summary>
internal sealed record ShutdownSignalAnnotation(ShutdownSignal Signal) : IResourceAnnotation;
