namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Whether the AppHost runs the application or only publishes its definition.</summary>
public enum DistributedApplicationOperation
{
    /// <summary>Run every resource locally.</summary>
    Run,

    /// <summary>Produce a manifest; start nothing.</summary>
    Publish,
}

/// <summary>Execution facts shared by callbacks: run mode and the application's services.</summary>
public sealed class DistributedApplicationExecutionContext(DistributedApplicationOperation operation)
{
    /// <summary>The operation.</summary>
    public DistributedApplicationOperation Operation { get; } = operation;

    /// <summary>True when resources are started.</summary>
    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;

    /// <summary>True when only publishing.</summary>
    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;

    /// <summary>The application's services, available once the application is built.</summary>
    public IServiceProvider ServiceProvider { get; internal set; } = EmptyServiceProvider.Instance;

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
