using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TradingAspire.Hosting.Logging;
using TradingAspire.Hosting.Orchestration.Ports;
using TradingAspire.Hosting.Orchestration.Processes;

namespace TradingAspire.Hosting.Orchestration;

internal static class OrchestrationServiceCollectionExtensions
{
    public static IServiceCollection AddOrchestration(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ResourceNotificationService>();
        services.AddSingleton<ResourceLoggerService>();
        services.TryAddSingleton<IProcessExecutor, NativeProcessExecutor>();
        services.AddSingleton<TelemetryEndpoints>();
        services.AddSingleton<ProcessEnvironmentBuilder>();
        services.AddSingleton<PidFileStore>();
        services.AddSingleton<PortAllocator>();
        services.AddSingleton<ApplicationOrchestrator>();
        services.AddHostedService<ConsoleStatePrinter>();
        // The dashboard starts before the orchestrator so resources get its OTLP endpoint.
        services.AddSingleton<Dashboard.DashboardResourceSource>();
        services.AddSingleton<Dashboard.DashboardHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<Dashboard.DashboardHostedService>());
        services.AddHostedService(sp => sp.GetRequiredService<ApplicationOrchestrator>());
        services.AddHostedService<Control.ControlEndpoint>();
        return services;
    }
}
