namespace TradingAspire.Hosting;

/// <summary>One resource Prometheus scrapes, e.g. <c>("gateway", "http", "localhost:5123", "/metrics")</c>.</summary>
internal sealed record PrometheusScrapeTarget(string ResourceName, string Scheme, string HostAndPort, string MetricsPath);
