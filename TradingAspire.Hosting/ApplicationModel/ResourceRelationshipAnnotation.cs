namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Records a relationship (e.g. "Reference", "Parent") for the dashboard's dependency graph.</summary>
public sealed class ResourceRelationshipAnnotation(IResource resource, string type) : IResourceAnnotation
{
    /// <summary>The related resource.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>The relationship type.</summary>
    public string Type { get; } = type;
}
