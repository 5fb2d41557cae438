namespace TradingAspire.Hosting.Orchestration;

/// <summary>Where resources send OpenTelemetry data; set by the dashboard when it starts, empty without it.</summary>
public sealed class TelemetryEndpoints
{
    /// <summary>OTLP/gRPC endpoint, e.g. http://127.0.0.1:18889.</summary>
    public Uri? GrpcEndpoint { get; set; }

    /// <summary>OTLP/HTTP endpoint, e.g. http://127.0.0.1:18890.</summary>
    public Uri? HttpEndpoint { get; set; }

    /// <summary>The value of the <c>x-otlp-api-key</c> header.</summary>
    public string? ApiKey { get; set; }
}
