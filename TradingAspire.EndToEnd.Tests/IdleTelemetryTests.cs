using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// A quiet dashboard (DESIGN §7 "Hygiene"): with the system idle — the strategy running, the trading UI open in
/// Chromium, no user orders — the dashboard receives at most one trace and one structured log record per second in the
/// Development profile. Market ticks, health checks, probes, <c>/metrics</c> scrapes, the UI's polling and strategy
/// evaluations that place no order are metrics, not traces. Measured through the dashboard's telemetry HTTP API over a
/// <see cref="Window"/>; the figures (and the idle CPU of the whole system) are printed for docs/performance.md.
/// Tokens live <see cref="TelemetrySystem.TokenSeconds"/> s here (60 minutes by default), so the window also holds the
/// UI's token exchange one to two times (every 24 s; the browser does not trace its token requests, so it is a root trace
/// <c>POST /auth/token</c> of trading-api, no log; asserted, see <see cref="Window"/>) and usually the strategy's
/// client-credentials renewal: it renews on its first order after 24 s (the strategy's <c>POST /auth/token</c> client
/// span and trading-api's server span inside that order's trace, and "login succeeded: client 'strategy'"), so only
/// when it orders (crossovers, a 10 s cooldown, position limits): not asserted. With longer tokens (10 minutes) the
/// window has neither, and the test fails: the exchange is how it knows its window covers the longest period.
/// </summary>
[Collection(WholeSystem.Name)]
public sealed class IdleTelemetryTests(TelemetrySystem system, Chromium chromium, ITestOutputHelper output) : PageTest(chromium)
{
    /// <summary>
    /// The measurement window (a duration measured, not a wait for a condition): the longest period of a source of traces
    /// or logs at idle plus a margin, so each is in it at least once — Aspire's check of a healthy resource's
    /// <c>/health</c>, every 30 s (it makes no trace and no log, so it cannot be asserted; the window holds one so the
    /// check for background roots would see it if it became a trace);
    /// the UI's token exchange, every 24 s with <see cref="TelemetrySystem.TokenSeconds"/> 30 (asserted to be in it).
    /// Shorter periods: liveness probes 5 s, the strategy's heartbeat 5 s, the UI's polling 3 s, health publishers 1 s,
    /// ticks 250 ms.
    /// </summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(40);

    /// <summary>
    /// The deadline for the markers made after the window (<see cref="TelemetryExportMarkers"/>) to reach the
    /// dashboard: they prove that what was recorded inside the window is there (exporters batch every 1 s in
    /// Development, the browser every 5 s; the strategy's marker needs its restart).
    /// </summary>
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(60);

    /// <summary>The UI renews its token when four fifths of its life are gone.</summary>
    private const double RenewalSeconds = TelemetrySystem.TokenSeconds * 0.8;

    private const double Budget = 1.0; // per second, traces and structured logs each

    [Fact]
    public async Task An_idle_system_with_the_UI_open_sends_the_dashboard_at_most_one_trace_and_one_structured_log_per_second()
    {
        await system.App.ResourceNotifications.WaitForResourceHealthyAsync("strategy").WaitAsync(TradingSystem.Timeout);
        await Page.GotoAsync(system.App.GetEndpoint("trading-ui").ToString());
        await Browser.LogInAsync(Page);
        await Assertions.Expect(Page.GetByTestId("market-status")).ToHaveTextAsync("live", new() { Timeout = 30_000 });

        var start = DateTimeOffset.UtcNow;
        var cpuBefore = ProcessTreeCpu.Seconds(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        await Task.Delay(Window);
        var cpu = (ProcessTreeCpu.Seconds(Environment.ProcessId) - cpuBefore) / clock.Elapsed.TotalSeconds;
        var end = start + Window;
        var arrival = await TelemetryExportMarkers.WaitForEverythingRecordedBeforeAsync(system, Page, end, Arrival);

        var counts = await system.Telemetry.CountsAsync();
        var traces = (await system.Telemetry.RecentTracesAsync(counts.Traces)).GroupBy(s => s.TraceId)
            .Select(t => t.ToList()).Where(t => Within(t.Min(s => s.StartUnixNanos), start, end)).ToList();
        var logs = (await system.Telemetry.RecentLogsAsync(counts.Logs)).Where(l => Within(l.UnixNanos, start, end)).ToList();

        var seconds = Window.TotalSeconds;
        var traceRate = traces.Count / seconds;
        var logRate = logs.Count / seconds;
        var tracesByRoot = Breakdown(traces.Select(RootOf));
        var logsByKind = Breakdown(logs.Select(l => $"{l.Service} {l.Severity} [{l.Category}] {Shorten(l.Message)}"));
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"idle {seconds:0} s, UI open: {traceRate:0.00} traces/s ({traces.Count}), {logRate:0.00} structured logs/s ({logs.Count}), "
            + $"CPU of the whole system {cpu:0.00} cores (test process and everything below it; noisy on a shared machine)\n"
            + $"traces by root span:\n{tracesByRoot}\nlogs by resource, severity, category and message:\n{logsByKind}");
        output.WriteLine(figures);
        Console.WriteLine(figures);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the window's telemetry was all in the dashboard {arrival.TotalSeconds:0.0} s after it ended"));

        var unmarked = traces.SelectMany(t => t).Select(s => s.Service).Concat(logs.Select(l => l.Service)).Distinct()
            .Where(service => !TelemetryExportMarkers.Resources.Contains(service)).ToList();
        Assert.True(unmarked.Count == 0, $"telemetry of {string.Join(", ", unmarked)} in the window, but no marker of {nameof(TelemetryExportMarkers)} "
            + "proves all of it had reached the dashboard when it was counted: add one for each");

        var exchanges = traces.Count(t => Root(t) is { Service: "trading-api", Name: "POST /auth/token" });
        Assert.True(exchanges > 0, $"no token exchange of the UI (a root trace 'POST /auth/token' of trading-api, every {RenewalSeconds} s) "
            + $"in the {seconds:0} s window: the window must cover the longest period of a source of traces or logs at idle, or the "
            + $"rates leave that source out; lengthen {nameof(Window)}; {figures}");
        Assert.True(traceRate <= Budget, $"at most {Budget} trace/s expected at idle; {figures}");
        Assert.True(logRate <= Budget, $"at most {Budget} structured log/s expected at idle; {figures}");
        Assert.DoesNotContain(traces, t => IsBackgroundRoot(RootOf(t)));
    }

    private static bool Within(long unixNanos, DateTimeOffset start, DateTimeOffset end)
    {
        var at = DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);
        return at >= start && at < end;
    }

    /// <summary>The trace's root span: the one whose parent is not in the trace.</summary>
    private static TelemetrySpan Root(IReadOnlyList<TelemetrySpan> trace)
    {
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        return trace.Where(s => !ids.Contains(s.ParentSpanId)).MinBy(s => s.StartUnixNanos) ?? trace[0];
    }

    /// <summary>"resource [scope] name" of the trace's root span.</summary>
    private static string RootOf(List<TelemetrySpan> trace)
    {
        var root = Root(trace);
        return $"{root.Service} [{root.Scope}] {root.Name}";
    }

    /// <summary>A root span of background work: a database or cache command, a health probe or a metrics scrape.</summary>
    private static bool IsBackgroundRoot(string root)
        => root.Contains("[Npgsql]", StringComparison.Ordinal) || root.Contains("StackExchangeRedis", StringComparison.Ordinal)
           || root.EndsWith(" /health", StringComparison.Ordinal) || root.EndsWith(" /alive", StringComparison.Ordinal)
           || root.EndsWith(" /metrics", StringComparison.Ordinal);

    private static string Breakdown(IEnumerable<string> items)
        => string.Join("\n", items.GroupBy(i => i).OrderByDescending(g => g.Count()).Take(25).Select(g => $"  {g.Count(),5}  {g.Key}"));

    private static string Shorten(string message) => message.Length <= 70 ? message : message[..70] + "…";
}
