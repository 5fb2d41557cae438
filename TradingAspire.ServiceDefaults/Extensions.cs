using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every .NET service of TradingAspire gets, as Aspire's ServiceDefaults template: OpenTelemetry (OTLP when
/// the AppHost injects an endpoint), Prometheus <c>/metrics</c>, <c>/health</c> and <c>/alive</c>, service discovery
/// and standard HTTP resilience.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";
    private const string MetricsEndpointPath = "/metrics";
    private static readonly TimeSpan CheckTimeLimit = TimeSpan.FromSeconds(5); // a health check's longest run
    private static readonly TimeSpan PublisherPeriod = TimeSpan.FromSeconds(1);

    // The background run outlasts every check's limit: a run cancelled first publishes nothing (ASP.NET Core reports a
    // check's timeout only while the run itself is not cancelled), and /health would keep the report before the hang.
    private static readonly TimeSpan PublisherTimeout = CheckTimeLimit + TimeSpan.FromSeconds(1);

    // A background report older than this is not answered from: the publisher has stopped publishing.
    private static readonly TimeSpan StaleAfter = PublisherPeriod + PublisherTimeout + TimeSpan.FromSeconds(1);

    /// <summary>Adds telemetry, default health checks, service discovery and resilient HTTP clients.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Logging (formatted message and scopes), metrics and tracing through OpenTelemetry: ASP.NET Core, HttpClient and
    /// runtime instrumentation, meters and sources named <c>TradingAspire.*</c> and the application's own source.
    /// Aspire's client integrations (<c>AddNpgsqlDataSource</c>, <c>AddRedisClient</c>) add their own tracing and
    /// metrics to the same providers. Not traced: requests to <c>/health</c>, <c>/alive</c> and <c>/metrics</c>, and
    /// client spans without a parent (background work, <see cref="BackgroundClientSpanFilter"/>).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("TradingAspire.*"))
            .WithTracing(tracing => tracing
                .AddProcessor(new BackgroundClientSpanFilter())   // no root trace per tick's Redis write or health query
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("TradingAspire.*")
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                    && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath)
                    && !context.Request.Path.StartsWithSegments(MetricsEndpointPath))
                .AddHttpClientInstrumentation());

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    // OTLP to the Aspire dashboard when the AppHost injects an endpoint; Prometheus /metrics always (see MapDefaultEndpoints).
    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL and _HEADERS (the dashboard's API key) from the environment.
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        return builder;
    }

    /// <summary>
    /// Adds a "self" liveness check tagged <c>live</c>, and runs every check in the background once a second (ASP.NET
    /// Core's health check publisher) into <see cref="LatestHealthReport"/>, which <c>/health</c> answers from. Every
    /// check answers within 5 s (or its registration's timeout), even one that ignores cancellation: after that it has its
    /// failure status (Unhealthy unless registered otherwise), "A timeout occurred while running check." A check's status
    /// is logged when it changes (<see cref="HealthCheckStatusLog"/>), not at every run.
    /// </summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LatestHealthReport>();
        builder.Services.AddSingleton<IHealthCheckPublisher>(services => services.GetRequiredService<LatestHealthReport>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheckPublisher, HealthCheckStatusLog>());
        // ASP.NET Core's line per check and run goes (a failing check gave an error a second): HealthCheckStatusLog logs
        // each change instead.
        builder.Logging.SetDefaultLevel(HealthCheckStatusLog.PerRunCategory, LogLevel.None);
        builder.Services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.Zero;
            options.Period = PublisherPeriod;
            options.Timeout = PublisherTimeout;
        });
        builder.Services.AddOptions<HealthCheckServiceOptions>()
            .PostConfigure(options => HealthCheckTimeLimits.Apply(options, CheckTimeLimit));
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check, JSON; 200 when Healthy or Degraded, 503 when Unhealthy; the latest background
    /// result when it is Healthy or Degraded and at most 8 s old, otherwise a run of the checks for the request, so a
    /// starting service is seen healthy at once rather than up to a publisher period later), <c>/alive</c> (liveness
    /// only: touches no dependency) and <c>/metrics</c> (Prometheus).
    /// </summary>
    /// <remarks>
    /// Aspire's template maps the health endpoints in Development only; these services map them in every environment
    /// because the AppHost's <c>WithHttpHealthCheck("/health")</c> and Prometheus rely on them, and they listen on
    /// 127.0.0.1 only.
    /// </remarks>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapGet(HealthEndpointPath, async (HttpContext context, LatestHealthReport latest, HealthCheckService checks, TimeProvider clock) =>
        {
            // A service that is starting (or recovering) is reported healthy as soon as it is, not a publisher period later:
            // an Unhealthy, missing or stale latest report is checked again for this request.
            var (report, checkedAt) = latest.Latest is { Report.Status: not HealthStatus.Unhealthy } published
                                      && clock.GetUtcNow() - published.CheckedAt < StaleAfter
                ? published
                : new PublishedHealthReport(await checks.CheckHealthAsync(context.RequestAborted), clock.GetUtcNow());
            context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            context.Response.Headers.CacheControl = "no-store, no-cache";
            await HealthReportWriter.WriteAsync(context, report, checkedAt);
        });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapPrometheusScrapingEndpoint(MetricsEndpointPath);
        return app;
    }
}
