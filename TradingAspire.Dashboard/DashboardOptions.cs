namespace TradingAspire.Dashboard;

/// <summary>Dashboard settings, configuration section <c>Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    /// <summary>Serve the dashboard and receive telemetry.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>UI and JSON API port (0 = a free port).</summary>
    public int Port { get; set; } = 18888;

    /// <summary>OTLP/gRPC port (0 = a free port).</summary>
    public int OtlpGrpcPort { get; set; } = 18889;

    /// <summary>OTLP/HTTP port (0 = a free port).</summary>
    public int OtlpHttpPort { get; set; } = 18890;

    /// <summary>Login token for browsers; generated when null.</summary>
    public string? BrowserToken { get; set; }

    /// <summary>Value of the <c>x-otlp-api-key</c> header resources must send; generated when null.</summary>
    public string? OtlpApiKey { get; set; }

    /// <summary>Structured log records kept.</summary>
    public int MaxLogCount { get; set; } = 10_000;

    /// <summary>Traces kept.</summary>
    public int MaxTraceCount { get; set; } = 10_000;

    /// <summary>Metric points kept per resource.</summary>
    public int MaxMetricPointsPerResource { get; set; } = 50_000;

    /// <summary>Directory for the telemetry snapshot that survives restarts; null = memory only.</summary>
    public string? PersistenceDirectory { get; set; }
}
