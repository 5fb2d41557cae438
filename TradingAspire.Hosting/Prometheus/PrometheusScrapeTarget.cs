namespace TradingAspire.Hosting;

/// <summary>One resource Prometheus scrapes.</summary>
/// <param name="ResourceName">The resource name (the job name and the <c>resource</c> label).</param>
/// <param name="Scheme"><c>http</c> or <c>https</c>.</param>
/// <param name="HostAndPort">Where it listens, e.g. <c>localhost:5123</c>.</param>
/// <param name="MetricsPath">The HTTP path, e.g. <c>/metrics</c>.</param>
internal sealed record PrometheusScrapeTarget(string ResourceName, string Scheme, string HostAndPort, string MetricsPath);
