using System.Globalization;
using Microsoft.Extensions.Hosting;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>
/// Evaluates a resource's environment and argument callbacks just before each start, and adds what every resource
/// gets: its own endpoint ports and the OpenTelemetry variables (DESIGN.md §3).
/// </summary>
public sealed class ProcessEnvironmentBuilder(
    DistributedApplicationExecutionContext executionContext, TelemetryEndpoints telemetry, IHostEnvironment hostEnvironment)
{
    /// <summary>The environment of the next run, and the names of the variables holding secrets.</summary>
    public async Task<(Dictionary<string, string> Variables, HashSet<string> SecretNames)> BuildEnvironmentAsync(
        IResource resource, string instanceId, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        AddTelemetry(resource, instanceId, variables, secrets);
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            if (endpoint.EnvironmentVariable is { } name && endpoint.AllocatedEndpoint is { } allocated)
            {
                variables[name] = allocated.Port.ToString(CultureInfo.InvariantCulture);
            }
        }

        var context = new EnvironmentCallbackContext(executionContext, resource, variables, secrets, cancellationToken);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context).ConfigureAwait(false);
        }

        return (variables, secrets);
    }

    /// <summary>The arguments of the next run.</summary>
    public async Task<List<string>> BuildArgsAsync(IResource resource, CancellationToken cancellationToken)
    {
        var args = new List<string>();
        var context = new CommandLineArgsCallbackContext(executionContext, resource, args, cancellationToken);
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await annotation.Callback(context).ConfigureAwait(false);
        }

        return args;
    }

    private void AddTelemetry(IResource resource, string instanceId, Dictionary<string, string> variables, HashSet<string> secrets)
    {
        var protocol = resource.Annotations.OfType<OtlpExporterAnnotation>().LastOrDefault()?.Protocol ?? "grpc";
        var endpoint = protocol == "grpc" ? telemetry.GrpcEndpoint : telemetry.HttpEndpoint;
        if (endpoint is null)
        {
            return;
        }

        variables["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.ToString().TrimEnd('/');
        variables["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol;
        if (telemetry.ApiKey is { } apiKey)
        {
            variables["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={apiKey}";
            secrets.Add("OTEL_EXPORTER_OTLP_HEADERS");
        }

        variables["OTEL_SERVICE_NAME"] = resource.Name;
        variables["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instanceId}";
        if (hostEnvironment.IsDevelopment())
        {
            // Short export intervals so telemetry shows up on the dashboard within a second.
            variables["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            variables["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            variables["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        }
    }
}
