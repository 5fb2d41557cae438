using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradingAspire.Dashboard;
using TradingAspire.Hosting.Orchestration;
using TradingAspire.Hosting.Orchestration.Ports;

namespace TradingAspire.Hosting.Dashboard;

/// <summary>
/// Starts the dashboard before any resource, so every resource gets the OTLP endpoint and API key in its
/// environment, and prints the login URL as Aspire does.
/// </summary>
internal sealed class DashboardHostedService(
    IConfiguration configuration, IHostEnvironment environment, DashboardResourceSource resources, TelemetryEndpoints telemetry,
    ApplicationPaths paths, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private DashboardHost? _host;

    public DashboardHost? Host => _host;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = configuration.GetSection("Dashboard").Get<DashboardOptions>() ?? new DashboardOptions();
        if (!options.Enabled)
        {
            return;
        }

        options.PersistenceDirectory ??= Path.Combine(paths.StateDirectory, "dashboard");
        var logger = loggerFactory.CreateLogger("TradingAspire.Dashboard");
        options.Port = FreeOrFallback(options.Port, "Dashboard:Port", logger);
        options.OtlpGrpcPort = FreeOrFallback(options.OtlpGrpcPort, "Dashboard:OtlpGrpcPort", logger);
        options.OtlpHttpPort = FreeOrFallback(options.OtlpHttpPort, "Dashboard:OtlpHttpPort", logger);
        _host = await DashboardHost.StartAsync(options, resources, loggerFactory, cancellationToken).ConfigureAwait(false);
        telemetry.GrpcEndpoint = _host.OtlpGrpcEndpoint;
        telemetry.HttpEndpoint = _host.OtlpHttpEndpoint;
        telemetry.ApiKey = _host.OtlpApiKey;
        Console.Out.WriteLine($"Dashboard: {_host.LoginUrl}");
        Console.Out.WriteLine($"OTLP: gRPC {_host.OtlpGrpcEndpoint}, HTTP {_host.OtlpHttpEndpoint}");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_host is not null)
        {
            await _host.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered both as itself and as a hosted service (factory), so the container disposes it twice.
        if (Interlocked.Exchange(ref _host, null) is { } host)
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }

    private int FreeOrFallback(int port, string key, ILogger logger)
    {
        if (port == 0 || PortAllocator.IsFree(port))
        {
            return port;
        }

        if (!environment.IsDevelopment())
        {
            throw new DistributedApplicationValidationException([
                $"{key} = {port} is already in use{(PortOwnerLookup.FindListener(port) is { } owner ? $" by pid {owner.Pid} ({owner.Command})" : "")}. " +
                $"Stop that process or choose another port (example: {key.Replace(":", "__", StringComparison.Ordinal)}={port + 100})."]);
        }

        logger.LogWarning("{Key} {Port} is in use; the dashboard uses a free port instead", key, port);
        return 0;
    }
}
