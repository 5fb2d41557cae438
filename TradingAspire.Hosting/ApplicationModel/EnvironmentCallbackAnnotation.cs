namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Adds environment variables when the resource starts; evaluated again on every restart.</summary>
public sealed class EnvironmentCallbackAnnotation(Func<EnvironmentCallbackContext, Task> callback) : IResourceAnnotation
{
    /// <summary>Creates an annotation from a synchronous callback.</summary>
    public EnvironmentCallbackAnnotation(Action<EnvironmentCallbackContext> callback)
        : this(context => { callback(context); return Task.CompletedTask; })
    {
    }

    /// <summary>The callback.</summary>
    public Func<EnvironmentCallbackContext, Task> Callback { get; } = callback;
}
