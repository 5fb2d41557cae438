using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using TradingAspire.Dashboard.Telemetry;

namespace TradingAspire.Dashboard.Otlp;

/// <summary>OTLP/HTTP: <c>POST /v1/traces|logs|metrics</c>, protobuf or JSON, behind the API key.</summary>
internal static class OtlpHttpEndpoints
{
    public static void Map(IEndpointRouteBuilder app, TelemetryStore store, OtlpApiKey apiKey, string host)
    {
        app.MapPost("/v1/traces", (HttpContext c) => HandleAsync(c, apiKey, ExportTraceServiceRequest.Parser, r => OtlpConverter.AddTraces(r, store), new ExportTraceServiceResponse()))
            .RequireHost(host);
        app.MapPost("/v1/logs", (HttpContext c) => HandleAsync(c, apiKey, ExportLogsServiceRequest.Parser, r => OtlpConverter.AddLogs(r, store), new ExportLogsServiceResponse()))
            .RequireHost(host);
        app.MapPost("/v1/metrics", (HttpContext c) => HandleAsync(c, apiKey, ExportMetricsServiceRequest.Parser, r => OtlpConverter.AddMetrics(r, store), new ExportMetricsServiceResponse()))
            .RequireHost(host);
    }

    private static async Task HandleAsync<TRequest, TResponse>(
        HttpContext context, OtlpApiKey apiKey, MessageParser<TRequest> parser, Action<TRequest> add, TResponse response)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        if (context.Request.Headers["x-otlp-api-key"] != apiKey.Key)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("Missing or wrong x-otlp-api-key. Use the key the AppHost injects in OTEL_EXPORTER_OTLP_HEADERS.");
            return;
        }

        var json = context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        TRequest request;
        try
        {
            if (json)
            {
                using var reader = new StreamReader(context.Request.Body);
                request = OtlpJson.Parse<TRequest>(await reader.ReadToEndAsync(context.RequestAborted));
            }
            else
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
                request = parser.ParseFrom(buffer.ToArray());
            }
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or FormatException or System.Text.Json.JsonException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"Invalid OTLP {(json ? "JSON" : "protobuf")} body: {ex.Message}");
            return;
        }

        add(request);
        if (json)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonFormatter.Default.Format(response));
        }
        else
        {
            context.Response.ContentType = "application/x-protobuf";
            await context.Response.Body.WriteAsync(response.ToByteArray());
        }
    }
}
