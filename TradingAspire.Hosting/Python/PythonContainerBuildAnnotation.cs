namespace TradingAspire.Hosting;

/// <summary>Publish mode: the container resource a Python app was switched to, whose Dockerfile build is kept current.</summary>
internal sealed record PythonContainerBuildAnnotation(IResourceBuilder<ContainerResource> Container) : IResourceAnnotation;
