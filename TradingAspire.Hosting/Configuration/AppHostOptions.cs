namespace TradingAspire.Hosting.Configuration;

/// <summary>AppHost settings, section <c>AppHost</c> of the configuration (see docs/configuration.md).</summary>
public sealed class AppHostOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "AppHost";

    /// <summary>Root of the AppHost's state: <c>data/</c> per resource, <c>run/</c> pid files. Relative paths resolve against the repository root.</summary>
    public string StateDirectory { get; set; } = ".tradingaspire";

    /// <summary>Where <c>{resource}.log</c> files go.</summary>
    public string LogDirectory { get; set; } = "logs";

    /// <summary>Always use free ports instead of the declared ones (tests).</summary>
    public bool RandomizePorts { get; set; }

    /// <summary>What to do when a declared port is taken: <c>PickFree</c> (default in Development) or <c>Fail</c>.</summary>
    public string? PortConflict { get; set; }

    /// <summary>Seconds between the graceful stop signal and SIGKILL of the process tree.</summary>
    public double ShutdownTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds a dependent waits for a dependency to become healthy before it fails.</summary>
    public double StartupTimeoutSeconds { get; set; } = 180;

    /// <summary>Seconds between health checks once a resource is healthy.</summary>
    public double HealthCheckIntervalSeconds { get; set; } = 5;

    /// <summary>Default restart limit within <see cref="RestartWindowSeconds"/>.</summary>
    public int MaxRestarts { get; set; } = 3;

    /// <summary>The window in which restarts are counted.</summary>
    public double RestartWindowSeconds { get; set; } = 300;

    /// <summary>First restart delay; doubles up to <see cref="MaxRestartBackoffSeconds"/>.</summary>
    public double InitialRestartBackoffSeconds { get; set; } = 1;

    /// <summary>Cap of the restart delay.</summary>
    public double MaxRestartBackoffSeconds { get; set; } = 30;

    /// <summary>Size at which <c>logs/{resource}.log</c> is rotated.</summary>
    public long LogFileMaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How many rotated log files are kept.</summary>
    public int LogFileCount { get; set; } = 3;

    /// <summary>Lines of console output kept in memory per resource (dashboard, CLI).</summary>
    public int ConsoleBufferLines { get; set; } = 10_000;
}
