namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>
/// Associates a health check with a resource. The check is either registered in the application's services under
/// <see cref="Key"/> (<c>builder.Services.AddHealthChecks().AddCheck(key, ...)</c>) or created by <see cref="Factory"/>.
/// </summary>
public sealed class HealthCheckAnnotation(string key, Func<IServiceProvider, IResourceHealthCheck>? factory = null) : IResourceAnnotation
{
    /// <summary>The name of the check, shown with its result.</summary>
    public string Key { get; } = key;

    /// <summary>Creates the check; null when the check is registered in the service collection.</summary>
    public Func<IServiceProvider, IResourceHealthCheck>? Factory { get; } = factory;
}
