namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Debian's <c>prometheus</c> scraping every resource that declares a metrics endpoint.</summary>
public sealed class PrometheusResource(string name) : ExecutableResource(name, "prometheus", "/");
