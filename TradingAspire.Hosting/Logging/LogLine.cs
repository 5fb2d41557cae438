namespace TradingAspire.Hosting.Logging;

/// <summary>One line of a resource's console output.</summary>
public sealed record LogLine(long LineNumber, DateTimeOffset Timestamp, string Text, bool IsError);
