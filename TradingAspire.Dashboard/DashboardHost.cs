using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradingAspire.Dashboard.Model;
using TradingAspire.Dashboard.Otlp;
using TradingAspire.Dashboard.Telemetry;
using TradingAspire.Dashboard.Web;

namespace TradingAspire.Dashboard;

/// <summary>
/// The dashboard, hosted in the AppHost process: UI and JSON API on <see cref="DashboardUrl"/> (browser token),
/// OTLP/gRPC and OTLP/HTTP receivers (API key). Every listener is bound to 127.0.0.1.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TelemetryPersistence? _persistence;
    private int _disposed;

    private DashboardHost(WebApplication app, TelemetryStore store, TelemetryPersistence? persistence, int uiPort, int grpcPort, int httpPort, string token, string apiKey)
    {
        _app = app;
        _persistence = persistence;
        Telemetry = store;
        DashboardUrl = new Uri($"http://localhost:{uiPort}/");
        OtlpGrpcEndpoint = new Uri($"http://127.0.0.1:{grpcPort}");
        OtlpHttpEndpoint = new Uri($"http://127.0.0.1:{httpPort}");
        BrowserToken = token;
        OtlpApiKey = apiKey;
    }

    /// <summary>The UI, e.g. http://localhost:18888/.</summary>
    public Uri DashboardUrl { get; }

    /// <summary>The URL that logs a browser in.</summary>
    public string LoginUrl => $"{DashboardUrl}login?t={BrowserToken}";

    /// <summary>OTLP/gRPC endpoint for OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public Uri OtlpGrpcEndpoint { get; }

    /// <summary>OTLP/HTTP endpoint (protobuf and JSON).</summary>
    public Uri OtlpHttpEndpoint { get; }

    /// <summary>The browser login token.</summary>
    public string BrowserToken { get; }

    /// <summary>The key resources send as <c>x-otlp-api-key</c>.</summary>
    public string OtlpApiKey { get; }

    /// <summary>The telemetry received.</summary>
    public TelemetryStore Telemetry { get; }

    /// <summary>Starts the three listeners; ports 0 become free ports.</summary>
    public static async Task<DashboardHost> StartAsync(DashboardOptions options, IDashboardResourceSource resources, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var uiPort = options.Port == 0 ? FreePort() : options.Port;
        var grpcPort = options.OtlpGrpcPort == 0 ? FreePort() : options.OtlpGrpcPort;
        var httpPort = options.OtlpHttpPort == 0 ? FreePort() : options.OtlpHttpPort;
        var token = options.BrowserToken ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var apiKey = options.OtlpApiKey ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var store = new TelemetryStore(options);
        var logger = (loggerFactory ?? LoggerFactory.Create(_ => { })).CreateLogger("TradingAspire.Dashboard");
        TelemetryPersistence? persistence = null;
        if (options.PersistenceDirectory is { } directory)
        {
            persistence = new TelemetryPersistence(store, directory, logger);
            persistence.LoadAndStart(TimeSpan.FromSeconds(5));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DashboardHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, uiPort);
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, httpPort);
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(new OtlpApiKey(apiKey));
        var app = builder.Build();

        var authentication = new DashboardAuthentication(token);
        var uiHost = $"*:{uiPort}";
        app.Use(async (context, next) =>
        {
            if (context.Connection.LocalPort != uiPort)
            {
                await next(context);
                return;
            }

            if (context.Request.Path.StartsWithSegments("/login"))
            {
                await authentication.LoginAsync(context);
                return;
            }

            if (await authentication.RequireAsync(context))
            {
                await next(context);
            }
        });
        app.MapGrpcService<OtlpTraceService>().RequireHost($"*:{grpcPort}");
        app.MapGrpcService<OtlpLogsService>().RequireHost($"*:{grpcPort}");
        app.MapGrpcService<OtlpMetricsService>().RequireHost($"*:{grpcPort}");
        OtlpHttpEndpoints.Map(app, store, new OtlpApiKey(apiKey), $"*:{httpPort}");
        DashboardApi.Map(app, resources, store, uiHost);
        app.MapGet("/{**path}", EmbeddedUi.ServeAsync).RequireHost(uiHost);
        await app.StartAsync(cancellationToken);
        return new DashboardHost(app, store, persistence, uiPort, grpcPort, httpPort, token, apiKey);
    }

    /// <summary>Stops the listeners and saves telemetry.</summary>
    public async Task StopAsync(CancellationToken cancellationToken) => await _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.DisposeAsync();
        if (_persistence is not null)
        {
            await _persistence.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
