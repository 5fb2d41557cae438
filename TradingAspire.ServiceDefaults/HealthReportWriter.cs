using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Writes <c>/health</c> as JSON: overall status and each check's status, description and duration.</summary>
public static class HealthReportWriter
{
    /// <summary>
    /// The response writer used by <c>MapDefaultEndpoints</c>: <c>{"status", "checkedAt" (UTC, ISO 8601: when the checks
    /// ran), "totalDurationMs", "checks": {name: {"status", "description", "durationMs"}}}</c>.
    /// </summary>
    public static Task WriteAsync(HttpContext context, HealthReport report, DateTimeOffset checkedAt)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checkedAt,
            totalDurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description ?? entry.Value.Exception?.Message,
                    durationMs = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
