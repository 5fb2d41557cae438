using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps background work out of the traces (DESIGN §7 "Hygiene"): a client span — a PostgreSQL statement (Npgsql), a
/// Redis command (StackExchange.Redis), an outgoing HTTP call — that has no parent was made by no traced unit of work:
/// the market simulator's Redis writes for every tick (MSET, PUBLISH, LPUSH, LTRIM), the health checks' queries and
/// PINGs, loading state at start-up. Such a span is marked not recorded when it starts, so no exporter sends it and it
/// never becomes a root trace of its own in the dashboard; that work shows in metrics (<c>gateway.ticks.published</c>,
/// Npgsql's <c>db.client.*</c>, the health checks' results) instead. The same call made inside a request or an
/// <c>order.*</c> span has a parent and is kept, in that trace.
/// </summary>
/// <remarks>
/// Sampling cannot do this: an OpenTelemetry sampler is not told the span's source, and the Redis instrumentation
/// creates its spans after the command ran, from a profiling session, where no scope of the caller applies.
/// </remarks>
public sealed class BackgroundClientSpanFilter : BaseProcessor<Activity>
{
    /// <inheritdoc />
    public override void OnStart(Activity data)
    {
        if (IsBackground(data))
        {
            data.IsAllDataRequested = false;
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    /// <summary>True for a client span with neither a local nor a remote parent.</summary>
    public static bool IsBackground(Activity activity)
        => activity.Kind == ActivityKind.Client && activity.Parent is null && activity.ParentSpanId == default;
}
