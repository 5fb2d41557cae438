using Aspire.Hosting.ApplicationModel;

namespace TradingAspire.Bench.StockAppHost;

/// <summary>What TradingAspire.Hosting's Python integration sets, written out with stock <c>WithEnvironment</c>.</summary>
internal static class PythonEnvironment
{
    /// <summary>
    /// PYTHONPATH (apps/common), unbuffered output and the OTLP exporter over HTTP/protobuf (the dashboard's OTLP
    /// endpoint, as Aspire's Python hosting sets it).
    /// </summary>
    /// <param name="builder">A Python executable.</param>
    /// <param name="appsDirectory">The repository's apps directory.</param>
    public static IResourceBuilder<ExecutableResource> WithPythonEnvironment(this IResourceBuilder<ExecutableResource> builder, string appsDirectory)
        => builder
            .WithOtlpExporter(OtlpProtocol.HttpProtobuf)
            .WithEnvironment("PYTHONPATH", Path.Combine(appsDirectory, "common"))
            .WithEnvironment("PYTHONUNBUFFERED", "1")
            .WithEnvironment("OTEL_TRACES_EXPORTER", "otlp")
            .WithEnvironment("OTEL_LOGS_EXPORTER", "otlp")
            .WithEnvironment("OTEL_METRICS_EXPORTER", "otlp")
            .WithEnvironment("OTEL_PYTHON_LOGGING_AUTO_INSTRUMENTATION_ENABLED", "true");
}
