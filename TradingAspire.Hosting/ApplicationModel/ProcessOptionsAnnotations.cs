namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>The signal sent first on a graceful stop (default SIGTERM; PostgreSQL uses SIGINT, its fast shutdown).</summary>
public sealed class StopSignalAnnotation(int signal) : IResourceAnnotation
{
    /// <summary>The POSIX signal number.</summary>
    public int Signal { get; } = signal;
}

/// <summary>Runs the process as another system user (only possible when the AppHost runs as root).</summary>
public sealed class RunAsUserAnnotation(string userName) : IResourceAnnotation
{
    /// <summary>The system user name, e.g. <c>postgres</c>.</summary>
    public string UserName { get; } = userName;
}
