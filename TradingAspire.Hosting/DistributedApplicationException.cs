namespace TradingAspire.Hosting;

/// <summary>A resource failed in a way the caller asked about (e.g. it will never become healthy).</summary>
public sealed class DistributedApplicationException(string message, Exception? innerException = null) : Exception(message, innerException);
