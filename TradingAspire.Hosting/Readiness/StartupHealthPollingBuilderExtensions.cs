using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>Readiness at start: a resource is seen healthy within about 100 ms of being so, not after Aspire's back-off.</summary>
public static class StartupHealthPollingBuilderExtensions
{
    /// <summary>
    /// Polls every resource's health checks closely from each start of the resource (the first, a restart by command or by the
    /// restart policy; for a child such as a database, of its parent) until each is Healthy. Aspire waits 1 s, 2 s, … 5 s between unhealthy runs, so a service that takes
    /// 1.1 s to answer is seen healthy at 3 s. With this, one of Aspire's runs re-runs the check every
    /// <see cref="StartupHealthPolling.Interval"/> and returns once it is Healthy, or the last result after
    /// <see cref="StartupHealthPolling.Window"/> (at most half the registration's timeout); an attempt still unanswered after 10
    /// intervals is cancelled and tried again, unless begun in the window's last 11 intervals (a slow but healthy check still answers). Once Healthy, a check runs at
    /// Aspire's pace until the resource starts again. A liveness probe without a path runs these same checks, so after a start it
    /// sees the polled result (within the probe's own timeout); a probe with a path has its own check, which is not polled.
    /// </summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="polling">Interval and window; null for <see cref="StartupHealthPolling.Default"/>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not positive or the window is shorter than the interval.</exception>
    /// <example><code>builder.AddStartupHealthPolling();</code></example>
    public static IDistributedApplicationBuilder AddStartupHealthPolling(this IDistributedApplicationBuilder builder, StartupHealthPolling? polling = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        polling ??= StartupHealthPolling.Default;
        if (polling.Interval <= TimeSpan.Zero || polling.Window < polling.Interval)
        {
            throw new ArgumentOutOfRangeException(nameof(polling),
                $"AddStartupHealthPolling: interval {polling.Interval} and window {polling.Window}; the interval must be greater than zero and the window at least the interval. " +
                "Example: new StartupHealthPolling(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)).");
        }

        var healthySinceStart = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal); // the registrations Healthy since their resource's last start
        static bool Within(IResource resource, IResource started) => resource == started || resource is IResourceWithParent { Parent: var parent } && Within(parent, started);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>((e, ct) => // raised on every start of a process, before it runs; not for its children (a database)
        {
            builder.Resources.Where(r => Within(r, e.Resource)).SelectMany(r => r.Annotations.OfType<HealthCheckAnnotation>()).ToList()
                .ForEach(annotation => healthySinceStart.TryRemove(annotation.Key, out _));
            return Task.CompletedTask;
        });
        builder.Services.AddOptions<HealthCheckServiceOptions>().PostConfigure<DistributedApplicationModel>((options, model) =>
        {
            var keys = model.Resources.SelectMany(r => r.Annotations.OfType<HealthCheckAnnotation>()).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var registration in options.Registrations.Where(r => keys.Contains(r.Name)))
            {
                var inner = registration.Factory;
                var name = registration.Name;
                var window = registration.Timeout > TimeSpan.Zero && registration.Timeout / 2 < polling.Window // infinite is -1 ms
                    ? registration.Timeout / 2
                    : polling.Window;
                var effective = polling with { Window = window < polling.Interval ? polling.Interval : window };
                registration.Factory = services => new StartupPollingHealthCheck(inner(services), name, effective, healthySinceStart, services.GetRequiredService<TimeProvider>());
            }
        });
        return builder;
    }
}
