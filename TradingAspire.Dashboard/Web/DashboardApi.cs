using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TradingAspire.Dashboard.Model;
using TradingAspire.Dashboard.Telemetry;

namespace TradingAspire.Dashboard.Web;

/// <summary>The JSON API under <c>/api/</c> (used by the UI, the tests and scripts) and its Server-Sent Event streams.</summary>
internal static class DashboardApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app, IDashboardResourceSource resources, TelemetryStore store, string host)
    {
        var api = app.MapGroup("/api").RequireHost(host);
        api.MapGet("/resources", () => resources.GetResources().Select(r => r.Masked()));
        api.MapGet("/resources/{name}", (string name) => resources.GetResources().FirstOrDefault(r => r.Name == name)?.Masked() is { } resource
            ? Results.Json(resource, Json)
            : Results.NotFound(new { error = "not_found", message = $"No resource '{name}'." }));
        api.MapPost("/resources/{name}/commands/{command}", async (string name, string command, CancellationToken ct) =>
            await resources.ExecuteCommandAsync(name, command, ct));
        api.MapGet("/resources/{name}/console", (string name, int? tail) => resources.GetConsoleLogs(name, tail ?? 500));
        api.MapGet("/resources/stream", (HttpContext context) =>
            StreamAsync(context, resources.WatchAsync(context.RequestAborted), r => r.Masked()));
        api.MapGet("/resources/{name}/console/stream", (HttpContext context, string name) =>
            StreamAsync(context, resources.WatchConsoleLogsAsync(name, context.RequestAborted), l => l));
        api.MapGet("/logs", (string? resource, int? level, string? text, string? traceId, int? limit) =>
            store.QueryLogs(Empty(resource), level, Empty(text), Empty(traceId), limit ?? 200));
        api.MapGet("/traces", (string? resource, int? limit) => store.QueryTraces(Empty(resource), limit ?? 100));
        api.MapGet("/traces/{traceId}", (string traceId) => store.GetTrace(traceId) is { } spans
            ? Results.Json(spans, Json)
            : Results.NotFound(new { error = "not_found", message = $"No trace '{traceId}'." }));
        api.MapGet("/metrics", (string? resource) => store.QueryInstruments(Empty(resource)));
        api.MapGet("/metrics/{resource}/{instrument}", (string resource, string instrument, int? limit) => store.QueryPoints(resource, instrument, limit ?? 2000));
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static async Task StreamAsync<T>(HttpContext context, IAsyncEnumerable<T> items, Func<T, object> project)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        try
        {
            await foreach (var item in items)
            {
                await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(project(item), Json)}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser closed the stream.
        }
    }
}
