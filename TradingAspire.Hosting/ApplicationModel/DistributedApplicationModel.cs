namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>The declared resources, frozen when the application is built.</summary>
public sealed class DistributedApplicationModel(IReadOnlyList<IResource> resources)
{
    /// <summary>Resources in declaration order.</summary>
    public IReadOnlyList<IResource> Resources { get; } = resources;

    /// <summary>Finds a resource by name (case-insensitive).</summary>
    public IResource? Find(string name) => Resources.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}
