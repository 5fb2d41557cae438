namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>
/// Marks a resource (Python apps) that also receives the seed-era variables of its references, such as
/// <c>DATABASE_URL</c> and <c>REDIS_URL</c>.
/// </summary>
public sealed class LegacyConnectionVariablesAnnotation : IResourceAnnotation;
