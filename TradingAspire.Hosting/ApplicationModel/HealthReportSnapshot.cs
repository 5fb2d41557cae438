namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A health check's last result, as shown on the dashboard.</summary>
public sealed record HealthReportSnapshot(string Name, string Status, string? Description, DateTimeOffset LastRunAt);
