namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Base class for resources: a validated name plus annotations.</summary>
public abstract class Resource : IResource
{
    /// <summary>Creates a resource, validating its name.</summary>
    protected Resource(string name)
    {
        ResourceNameRules.ThrowIfInvalid(name);
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ResourceAnnotationCollection Annotations { get; } = new();

    /// <inheritdoc />
    public override string ToString() => Name;
}
