using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace TradingAspire.TestSupport;

/// <summary>
/// For a system started without the dashboard: the AppHost still injects the launch profile's OTLP endpoint, where
/// nothing listens, and a .NET service's exporter then spends its whole export timeout (10 s) flushing at shutdown —
/// longer than DCP waits for a stop. Removing the OTLP variables turns telemetry export off, as it is without a dashboard.
/// </summary>
internal static class TelemetryExportOff
{
    public static void Apply(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var resource in builder.Resources.OfType<IResourceWithEnvironment>().ToList())
        {
            builder.CreateResourceBuilder(resource).WithEnvironment(context =>
            {
                foreach (var key in context.EnvironmentVariables.Keys.Where(k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)).ToList())
                {
                    context.EnvironmentVariables.Remove(key);
                }
            });
        }
    }
}
