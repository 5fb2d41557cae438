using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Cli;
using TradingAspire.Hosting.Logging;
using TradingAspire.Hosting.Orchestration;

namespace TradingAspire.Hosting;

/// <summary>A built distributed application: run it, or start and stop it from tests.</summary>
public sealed class DistributedApplication : IHost, IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string[] _args;
    private readonly List<Func<ValueTask>> _disposeCallbacks = [];

    internal DistributedApplication(IHost host, string[] args)
    {
        _host = host;
        _args = args;
    }

    /// <summary>Creates a builder with the AppHost's configuration sources.</summary>
    public static IDistributedApplicationBuilder CreateBuilder(string[] args) => CreateBuilder(new DistributedApplicationOptions { Args = args });

    /// <summary>Creates a builder with explicit options.</summary>
    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options)
    {
        var builder = new DistributedApplicationBuilder(options);
        if (!builder.IsUnderTest)
        {
            ValidationFailureReporter.Install();
        }

        return builder;
    }

    /// <inheritdoc />
    public IServiceProvider Services => _host.Services;

    /// <summary>The resource state stream.</summary>
    public ResourceNotificationService ResourceNotifications => Services.GetRequiredService<ResourceNotificationService>();

    /// <summary>Console output of every resource.</summary>
    public ResourceLoggerService ResourceLogs => Services.GetRequiredService<ResourceLoggerService>();

    /// <summary>The dashboard's login URL (<c>/login?t=...</c>) when the dashboard runs, else null.</summary>
    public string? DashboardLoginUrl => Services.GetService<Dashboard.DashboardHostedService>()?.Host?.LoginUrl;

    /// <summary>The resources of the model.</summary>
    public DistributedApplicationModel Model => Services.GetRequiredService<DistributedApplicationModel>();

    /// <summary>
    /// Runs the AppHost until Ctrl+C/SIGTERM, or runs a CLI command (<c>status</c>, <c>logs</c>, <c>restart</c>,
    /// <c>doctor</c>, <c>db ...</c>) when the arguments name one.
    /// </summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Asynchronous <see cref="Run"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (AppHostCli.IsCommand(_args, Services))
        {
            System.Environment.ExitCode = await AppHostCli.InvokeAsync(_args, Services, cancellationToken).ConfigureAwait(false);
            return;
        }

        var orchestrator = Services.GetRequiredService<ApplicationOrchestrator>();
        await _host.RunAsync(cancellationToken).ConfigureAwait(false);
        System.Environment.ExitCode = orchestrator.ExitCode;
    }

    /// <summary>Starts every resource (each as soon as its dependencies are ready) and returns once they are launched.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _host.StartAsync(cancellationToken);

    /// <summary>Stops every resource, dependents before their dependencies.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _host.StopAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Already stopped and disposed.
        }

        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _host.Dispose();
        }

        foreach (var callback in _disposeCallbacks)
        {
            await callback().ConfigureAwait(false);
        }

        _disposeCallbacks.Clear();
    }

    /// <summary>Runs <paramref name="callback"/> after the application is stopped and disposed (the testing builder deletes its temp directory).</summary>
    internal void RegisterDisposeCallback(Func<ValueTask> callback) => _disposeCallbacks.Add(callback);
}
