namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>
/// Chooses the OTLP protocol a resource's telemetry exporter uses: <c>grpc</c> (default, .NET),
/// <c>http/protobuf</c> or <c>http/json</c> (our Python exporter).
/// </summary>
public sealed class OtlpExporterAnnotation(string protocol) : IResourceAnnotation
{
    /// <summary>The value of <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>.</summary>
    public string Protocol { get; } = protocol;
}
