namespace TradingAspire.Hosting;

/// <summary>The ordered shutdown stops this resource by sending <paramref name="Signal"/> to its process (then waiting
/// for it to end) rather than through the stop command (DCP's SIGTERM).</summary>
internal sealed record ShutdownSignalAnnotation(ShutdownSignal Signal) : IResourceAnnotation;
