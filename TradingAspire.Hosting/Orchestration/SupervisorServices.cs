using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.Configuration;
using TradingAspire.Hosting.Logging;
using TradingAspire.Hosting.Orchestration.Processes;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>What every <see cref="ResourceSupervisor"/> needs, gathered so constructors stay short.</summary>
internal sealed record SupervisorServices(
    ResourceNotificationService Notifications,
    ResourceLoggerService Logs,
    IProcessExecutor Executor,
    ProcessEnvironmentBuilder EnvironmentBuilder,
    PidFileStore PidFiles,
    AppHostOptions Options,
    TimeProvider TimeProvider,
    IServiceProvider Services,
    ILogger Logger);
