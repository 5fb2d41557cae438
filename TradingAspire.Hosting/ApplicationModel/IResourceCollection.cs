namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>The resources of the model, in declaration order.</summary>
public interface IResourceCollection : IReadOnlyCollection<IResource>
{
    /// <summary>Finds a resource by name (case-insensitive), or null.</summary>
    IResource? Find(string name);
}

internal sealed class ResourceCollection : List<IResource>, IResourceCollection
{
    public IResource? Find(string name) => this.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}
