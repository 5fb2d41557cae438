namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A named part of the distributed application. Behaviour is attached as annotations.</summary>
public interface IResource
{
    /// <summary>The unique name of the resource, as used in references and on the dashboard.</summary>
    string Name { get; }

    /// <summary>The annotations that describe how the resource runs.</summary>
    ResourceAnnotationCollection Annotations { get; }
}
