using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Logging;
using TradingAspire.Hosting.Orchestration;

namespace TradingAspire.Hosting.Control;

/// <summary>
/// A small HTTP endpoint on 127.0.0.1 (random port, token in <see cref="ControlFile"/>) through which the CLI reads
/// status and logs of the running AppHost and runs commands on its resources. It works with the dashboard switched
/// off; when the dashboard runs, <c>status</c> reads the dashboard's <c>/api/resources</c> instead.
/// </summary>
public sealed class ControlEndpoint(
    ResourceNotificationService notifications, ResourceLoggerService logs, ApplicationOrchestrator orchestrator, ApplicationPaths paths,
    IServiceProvider services)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers["x-apphost-token"] != token)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.MapGet("/status", () => notifications.GetAll().Select(e => ResourceStatus.From(e.Snapshot)));
        app.MapGet("/logs/{resource}", StreamLogsAsync);
        app.MapPost("/resources/{resource}/commands/{command}", async (string resource, string command, string[]? arguments, CancellationToken ct) =>
            await orchestrator.ExecuteCommandAsync(resource, command, arguments ?? [], ct).ConfigureAwait(false));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        // The dashboard starts before this endpoint (hosted-service order), so its API can be advertised to the CLI.
        var dashboard = services.GetService<Dashboard.DashboardHostedService>()?.Host;
        new ControlFile(Environment.ProcessId, app.Urls.First(), token, dashboard?.DashboardUrl.ToString(), dashboard?.BrowserToken).Write(paths);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        ControlFile.Delete(paths);
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StreamLogsAsync(HttpContext context, string resource, int? tail, bool? follow, string? grep)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = logs.Tail(resource, tail ?? 100);
        var last = 0L;
        foreach (var line in lines.Where(l => Matches(l, grep)))
        {
            await context.Response.WriteAsync(line.Text + "\n", context.RequestAborted).ConfigureAwait(false);
        }

        last = lines.Count > 0 ? lines[^1].LineNumber : 0;
        if (follow != true)
        {
            return;
        }

        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await foreach (var line in logs.WatchAsync(resource, includeExisting: true, context.RequestAborted).ConfigureAwait(false))
            {
                if (line.LineNumber > last && Matches(line, grep))
                {
                    await context.Response.WriteAsync(line.Text + "\n", context.RequestAborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The CLI disconnected.
        }
    }

    private static bool Matches(LogLine line, string? grep) => grep is null || line.Text.Contains(grep, StringComparison.OrdinalIgnoreCase);
}
