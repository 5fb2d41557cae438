using System.Globalization;

namespace Aspire.Hosting;

/// <summary>Trace sampling for every resource that exports telemetry to the dashboard.</summary>
public static class TraceSamplingBuilderExtensions
{
    /// <summary>
    /// Keeps <paramref name="ratio"/> of the traces: every resource with an OTLP exporter gets
    /// <c>OTEL_TRACES_SAMPLER=parentbased_traceidratio</c> and <c>OTEL_TRACES_SAMPLER_ARG={ratio}</c> instead of Aspire's
    /// <c>always_on</c>. A trace is decided where it starts and followed everywhere (the traceparent's sampled flag), so a
    /// kept trace is complete. Logs and metrics are not sampled.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="ratio">The share of traces kept, from 0 (none) to 1 (all); 0.1 keeps one in ten.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ratio"/> is not from 0 to 1.</exception>
    public static IDistributedApplicationBuilder WithTraceSampling(this IDistributedApplicationBuilder builder, double ratio)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!(ratio is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio,
                $"The trace sampling ratio must be from 0 to 1, got {ratio.ToString(CultureInfo.InvariantCulture)}. Example: 0.1 keeps one trace in ten.");
        }

        var argument = ratio.ToString(CultureInfo.InvariantCulture);
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var resource in @event.Model.Resources.OfType<IResourceWithEnvironment>().Where(r => r.HasAnnotationOfType<OtlpExporterAnnotation>()))
            {
                // Added now, after the OTLP exporter's own callback, so these values are the ones the process gets.
                resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
                {
                    context.EnvironmentVariables["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio";
                    context.EnvironmentVariables["OTEL_TRACES_SAMPLER_ARG"] = argument;
                }));
            }

            return Task.CompletedTask;
        });
        return builder;
    }
}
