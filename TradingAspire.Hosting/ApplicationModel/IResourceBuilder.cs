namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Fluent builder for one resource of the application model.</summary>
public interface IResourceBuilder<out T> where T : IResource
{
    /// <summary>The application builder the resource belongs to.</summary>
    IDistributedApplicationBuilder ApplicationBuilder { get; }

    /// <summary>The resource being built.</summary>
    T Resource { get; }

    /// <summary>Attaches an annotation to the resource.</summary>
    IResourceBuilder<T> WithAnnotation<TAnnotation>(TAnnotation annotation) where TAnnotation : IResourceAnnotation;
}
