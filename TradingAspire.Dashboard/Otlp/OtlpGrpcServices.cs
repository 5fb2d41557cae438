using Grpc.Core;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TradingAspire.Dashboard.Telemetry;

namespace TradingAspire.Dashboard.Otlp;

/// <summary>Checks the <c>x-otlp-api-key</c> metadata of gRPC exports.</summary>
internal sealed class OtlpApiKey(string key)
{
    public string Key { get; } = key;

    public void Require(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("x-otlp-api-key") != Key)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Missing or wrong x-otlp-api-key. Use the key the AppHost injects in OTEL_EXPORTER_OTLP_HEADERS."));
        }
    }
}

internal sealed class OtlpTraceService(TelemetryStore store, OtlpApiKey apiKey) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        apiKey.Require(context);
        OtlpConverter.AddTraces(request, store);
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

internal sealed class OtlpLogsService(TelemetryStore store, OtlpApiKey apiKey) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        apiKey.Require(context);
        OtlpConverter.AddLogs(request, store);
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}

internal sealed class OtlpMetricsService(TelemetryStore store, OtlpApiKey apiKey) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        apiKey.Require(context);
        OtlpConverter.AddMetrics(request, store);
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}
