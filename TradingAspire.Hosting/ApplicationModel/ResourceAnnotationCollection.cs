using System.Collections.ObjectModel;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>The ordered annotations of one resource.</summary>
public sealed class ResourceAnnotationCollection : Collection<IResourceAnnotation>
{
    /// <summary>Returns the annotations of type <typeparamref name="T"/> in declaration order.</summary>
    public IEnumerable<T> OfType<T>() where T : IResourceAnnotation => Items.OfType<T>();
}
