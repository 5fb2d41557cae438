namespace TradingAspire.Hosting;

/// <summary>A server's own settings file (absolute) included before ours: <c>WithConfigurationFile</c>.</summary>
internal sealed record ConfigurationFileAnnotation(string Path) : IResourceAnnotation;
