namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A resource that receives environment variables.</summary>
public interface IResourceWithEnvironment : IResource;

/// <summary>A resource that receives command-line arguments.</summary>
public interface IResourceWithArgs : IResource;

/// <summary>A resource that exposes network endpoints.</summary>
public interface IResourceWithEndpoints : IResource;

/// <summary>A resource that can wait for other resources before it starts.</summary>
public interface IResourceWithWaitSupport : IResource;

/// <summary>A resource whose endpoints are injected as service-discovery variables when referenced.</summary>
public interface IResourceWithServiceDiscovery : IResourceWithEndpoints;

/// <summary>A resource that belongs to a parent (a database belongs to its server).</summary>
public interface IResourceWithParent : IResource
{
    /// <summary>The parent resource.</summary>
    IResource Parent { get; }
}

/// <summary>A resource that belongs to a parent of type <typeparamref name="T"/>.</summary>
public interface IResourceWithParent<out T> : IResourceWithParent where T : IResource
{
    /// <summary>The parent resource.</summary>
    new T Parent { get; }
}
