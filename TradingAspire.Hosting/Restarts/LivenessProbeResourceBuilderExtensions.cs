using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>
/// <c>WithLivenessProbe</c>: restart a resource whose health checks keep failing while its process lives (a deadlock,
/// SIGSTOP, a blocked event loop), as Kubernetes' liveness probes do; stock Aspire only shows it Unhealthy.
/// </summary>
public static class LivenessProbeResourceBuilderExtensions
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan }; // bounded by the probe's timeout

    /// <summary>
    /// Probes <c>GET {http endpoint}{<paramref name="path"/>}</c> (2xx: alive; use a path that touches no dependency, such
    /// as <c>/alive</c>, so a database outage does not restart the service), or without a path the resource's health checks
    /// (Unhealthy fails; Degraded passes, as ASP.NET Core's health endpoint answers 200 for it, and ends a run of failures:
    /// a check registered with <c>failureStatus: Degraded</c> never counts), every <paramref name="period"/>.
    /// Failed for <paramref name="failureThreshold"/> with no success in between (failures within <paramref name="initialDelay"/>
    /// of the start do not count), the process tree is killed (SIGKILL), its log says
    /// <c>Liveness probe failed for 30 s (threshold 30 s), last: …. Killed pid N …</c>, and the restart policy starts it again as after a crash.
    /// A module run under the reload launcher (<c>AddPythonModule</c> in Development) is not probed while the launcher has no
    /// child process (a saved file does not compile: it waits for a change that compiles, however long); failures count
    /// again, after <paramref name="initialDelay"/>, once the module runs.
    /// </summary>
    /// <param name="builder">An executable or project with <c>WithRestartPolicy</c> and, without <paramref name="path"/>, a health
    /// check (checked at start).</param>
    /// <param name="path">Path probed on the resource's <c>http</c> endpoint, e.g. <c>/alive</c>; null to probe the resource's health checks.</param>
    /// <param name="initialDelay">Start-up time during which failures do not count; 0 or more. Default 30 s.</param>
    /// <param name="period">Time between probes; greater than zero. Default 5 s.</param>
    /// <param name="timeout">Bound of one probe; greater than zero. Default 5 s.</param>
    /// <param name="failureThreshold">Failing time before the kill; greater than zero. Default 30 s.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range (the message names it, its range and an example).</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> does not start with <c>/</c>.</exception>
    /// <example><code>builder.AddProject&lt;Projects.Api&gt;("api").WithHttpHealthCheck("/health").WithRestartPolicy().WithLivenessProbe("/alive");</code></example>
    public static IResourceBuilder<T> WithLivenessProbe<T>(this IResourceBuilder<T> builder, string? path = null, TimeSpan? initialDelay = null, TimeSpan? period = null,
        TimeSpan? timeout = null, TimeSpan? failureThreshold = null)
        where T : ExecutableResource
        => AddProbe(builder, path, initialDelay, period, timeout, failureThreshold);

    /// <inheritdoc cref="WithLivenessProbe{T}(IResourceBuilder{T}, string?, TimeSpan?, TimeSpan?, TimeSpan?, TimeSpan?)"/>
    public static IResourceBuilder<ProjectResource> WithLivenessProbe(this IResourceBuilder<ProjectResource> builder, string? path = null, TimeSpan? initialDelay = null,
        TimeSpan? period = null, TimeSpan? timeout = null, TimeSpan? failureThreshold = null)
        => AddProbe(builder, path, initialDelay, period, timeout, failureThreshold);

    private static IResourceBuilder<T> AddProbe<T>(IResourceBuilder<T> builder, string? path, TimeSpan? initialDelay, TimeSpan? period, TimeSpan? timeout,
        TimeSpan? failureThreshold)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (path is not null && !path.StartsWith('/'))
        {
            throw new ArgumentException($"WithLivenessProbe: path is '{path}'; expected an absolute path. Example: .WithLivenessProbe(\"/alive\").", nameof(path));
        }

        var key = path is null ? null : $"{builder.Resource.Name}_liveness";
        var probe = new LivenessProbeAnnotation(initialDelay ?? TimeSpan.FromSeconds(30), period ?? TimeSpan.FromSeconds(5), timeout ?? TimeSpan.FromSeconds(5),
            failureThreshold ?? TimeSpan.FromSeconds(30), key);
        if (key is not null)
        {
            // Registered with the health check service, not attached to the resource: it does not decide readiness.
            var endpoint = builder.Resource.GetEndpoint("http");
            builder.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellationToken =>
            {
                var url = new Uri(new Uri(endpoint.Url), path);
                try
                {
                    using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    return response.IsSuccessStatusCode ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"GET {url} answered {(int)response.StatusCode}");
                }
                catch (HttpRequestException ex)
                {
                    return HealthCheckResult.Unhealthy($"GET {url} failed: {ex.Message}", ex);
                }
            });
        }

        builder.ApplicationBuilder.Services.TryAddEventingSubscriber<LivenessMonitor>();
        return builder.WithAnnotation(probe, ResourceAnnotationMutationBehavior.Replace);
    }
}
