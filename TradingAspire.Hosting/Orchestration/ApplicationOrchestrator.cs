using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Configuration;
using TradingAspire.Hosting.Logging;
using TradingAspire.Hosting.Orchestration.Ports;
using TradingAspire.Hosting.Orchestration.Processes;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>
/// Runs the model: cleans up orphans of a killed AppHost, allocates ports, starts one supervisor per resource (each
/// waits only for its own dependencies, so independent resources start in parallel) and stops dependents before
/// their dependencies.
/// </summary>
public sealed class ApplicationOrchestrator(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    IProcessExecutor executor,
    ProcessEnvironmentBuilder environmentBuilder,
    PidFileStore pidFiles,
    PortAllocator ports,
    AppHostOptions options,
    TimeProvider timeProvider,
    IServiceProvider services,
    ILogger<ApplicationOrchestrator> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, ResourceSupervisor> _supervisors = new(StringComparer.OrdinalIgnoreCase);
    private DependencyGraph? _graph;

    /// <summary>The process exit code the AppHost should return.</summary>
    public int ExitCode { get; private set; }

    /// <summary>The resources that run (parameters are values, not run).</summary>
    public IEnumerable<IResource> RunnableResources => model.Resources.Where(r => r is not ParameterResource);

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var runnable = RunnableResources.ToList();
        // Orphans of a killed AppHost still hold their ports: stop them first so the resources get the same ports back.
        var orphans = await pidFiles.CleanUpOrphansAsync(TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        if (orphans.Count > 0)
        {
            logger.LogWarning("Stopped {Count} orphaned process(es) of a previous AppHost: {Orphans}", orphans.Count, string.Join(", ", orphans));
        }

        var (graph, graphErrors) = DependencyGraph.Build(runnable);
        var portErrors = ports.AllocateAll(runnable);
        if (graph is null || portErrors.Count > 0)
        {
            ExitCode = 1;
            throw new DistributedApplicationValidationException([.. graphErrors, .. portErrors]);
        }

        _graph = graph;
        AppDomain.CurrentDomain.ProcessExit += KillAllOnProcessExit;

        var supervisorServices = new SupervisorServices(notifications, logs, executor, environmentBuilder, pidFiles, options, timeProvider, services, logger);
        foreach (var resource in graph.StartOrder())
        {
            notifications.Register(resource, new ResourceSnapshot
            {
                Name = resource.Name,
                ResourceType = ResourceTypeNames.Of(resource),
                DependsOn = graph.DependenciesOf(resource).Select(d => d.Name).ToList(),
            });
            _supervisors[resource.Name] = new ResourceSupervisor(resource, CreateRun(resource, supervisorServices), supervisorServices);
        }

        foreach (var supervisor in _supervisors.Values)
        {
            supervisor.Start(_stopping.Token);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_graph is null)
        {
            return;
        }

        logger.LogInformation("Stopping {Count} resources, dependents first", _supervisors.Count);
        var stops = new Dictionary<IResource, Task>();
        foreach (var resource in _graph.StartOrder().Reverse())
        {
            var dependents = _graph.DependentsOf(resource).Select(d => stops[d]).ToList();
            var supervisor = _supervisors[resource.Name];
            stops[resource] = StopAfterAsync(dependents, supervisor, cancellationToken);
        }

        await Task.WhenAll(stops.Values).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_supervisors.Values.Select(s => s.Completion)).ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit -= KillAllOnProcessExit;
        _graph = null;
    }

    /// <summary>Runs start/stop/restart or a custom command of a resource.</summary>
    public async Task<ExecuteCommandResult> ExecuteCommandAsync(string resourceName, string commandName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var resource = model.Find(resourceName);
        if (resource is null || !_supervisors.TryGetValue(resource.Name, out var supervisor))
        {
            return ExecuteCommandResult.Failed($"Unknown resource '{resourceName}'. Resources: {string.Join(", ", _supervisors.Keys)}.");
        }

        switch (commandName)
        {
            case "stop":
                await supervisor.StopAsync(cancellationToken).ConfigureAwait(false);
                return ExecuteCommandResult.Ok($"{resource.Name} stopped");
            case "start":
                await supervisor.StartAsync().ConfigureAwait(false);
                return ExecuteCommandResult.Ok($"{resource.Name} starting");
            case "restart":
                await supervisor.RestartAsync(cancellationToken).ConfigureAwait(false);
                return ExecuteCommandResult.Ok($"{resource.Name} restarting");
        }

        var command = resource.Annotations.OfType<ResourceCommandAnnotation>().FirstOrDefault(c => c.Name == commandName);
        if (command is null)
        {
            var available = new[] { "start", "stop", "restart" }.Concat(resource.Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name));
            return ExecuteCommandResult.Failed($"Resource '{resource.Name}' has no command '{commandName}'. Commands: {string.Join(", ", available)}.");
        }

        try
        {
            return await command.ExecuteCommand(new ExecuteCommandContext(services, resource.Name, arguments, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ExecuteCommandResult.Failed($"{command.DisplayName} failed: {ex.Message}");
        }
    }

    // No child may outlive the AppHost: if the process exits without StopAsync, kill what is still recorded as running.
    private void KillAllOnProcessExit(object? sender, EventArgs e) => pidFiles.KillAllRecorded();

    private static async Task StopAfterAsync(IReadOnlyList<Task> dependents, ResourceSupervisor supervisor, CancellationToken cancellationToken)
    {
        await Task.WhenAll(dependents).ConfigureAwait(false);
        await supervisor.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ResourceRun CreateRun(IResource resource, SupervisorServices services)
    {
        if (resource.Annotations.OfType<CustomResourceRunnerAnnotation>().LastOrDefault() is { } runner)
        {
            return new CustomResourceRun(resource, runner, services);
        }

        return resource is ProcessResource process
            ? new ProcessResourceRun(process, services)
            : new CustomResourceRun(resource, new CustomResourceRunnerAnnotation(_ => Task.CompletedTask), services);
    }
}
