using System.Diagnostics;

namespace TradingAspire.Hosting;

/// <summary>
/// Stops the resources in <see cref="Waves"/> when the AppHost stops, before Aspire stops everything at once. Each process
/// gets its <see cref="ShutdownSignalAnnotation"/>'s signal (SIGTERM by default); its process tree as seen before the
/// stop is killed after <see cref="ShutdownOptions.GracePeriod"/>, or once the process ended; everything left after
/// <see cref="ShutdownOptions.Timeout"/> is killed. Signals, not Aspire's stop command: during a dispose the service
/// provider is already gone (the command fails), and DCP's stop of a process ignoring SIGTERM blocks ~20 s (measured).
/// A stop requested while the AppHost is still starting (before "Distributed application started") cancels the start,
/// after which the generic host calls no stop of its own: the ordered stop then begins at the request, and the process's
/// exit waits for it and stops the host (Aspire's orchestrator with it). Linux only (<c>/proc</c>); elsewhere Aspire's own stop applies.
/// </summary>
internal sealed class OrderedShutdown(DistributedApplicationModel model, ResourceNotificationService notifications, IHostApplicationLifetime lifetime,
    IConfiguration configuration, IServiceProvider services, ILogger<OrderedShutdown> logger)
    : IHostedLifecycleService, IAsyncDisposable
{
    /// <summary>The category of Microsoft.Extensions.Hosting's host, which logs a failed start at Error.</summary>
    internal const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private const string DashboardName = "aspire-dashboard"; // it receives every service's telemetry: it stops last
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private Task? _stop;
    private CancellationTokenRegistration _stoppingWhileStarting;
    private volatile bool _startCancelled;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsLinux())
        {
            // Registered before any resource starts. A start cancelled by this stop request ends the run without the host's
            // StopAsync (so without StoppingAsync below); the AppHost's exit is then the last moment to stop in order.
            _stoppingWhileStarting = lifetime.ApplicationStopping.Register(OnStoppingWhileStarting);
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => StopAllOnceAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A test's <c>DisposeAsync</c> of its app never calls the host's StopAsync: the ordered stop runs here, before DCP's
    /// objects (created earlier, disposed later) kill the processes.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await _stoppingWhileStarting.DisposeAsync().ConfigureAwait(false);
        await StopAllOnceAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// After a start cancelled by a stop request: waits for the ordered stop begun at the request, then stops the host
    /// (Aspire's orchestrator stops DCP, which would otherwise linger until it notices the AppHost gone). What the AppHost's
    /// exit runs; does nothing when the start was not cancelled or the host already stopped.
    /// </summary>
    internal async Task StopAfterCancelledStartAsync(CancellationToken cancellationToken)
    {
        if (!_startCancelled || lifetime.ApplicationStopped.IsCancellationRequested)
        {
            return;
        }

        await StopAllOnceAsync(cancellationToken).ConfigureAwait(false);
        if (services.GetService<IHost>() is { } host)
        {
            await host.StopAsync(cancellationToken).ConfigureAwait(false); // StoppingAsync awaits the same ordered stop
        }
    }

    /// <summary>
    /// The stop order: first the resources nothing waits for, then those only earlier waves waited for (directly or as a
    /// parent); a cycle ends up in one last wave. The dashboard comes last: services flush their telemetry to it while
    /// stopping, and one whose dashboard is gone waits for its export timeout.
    /// </summary>
    internal static IEnumerable<List<IResource>> Waves(IReadOnlyCollection<IResource> resources)
    {
        var remaining = resources.Where(r => r.Name != DashboardName).ToList();
        var dependsOn = remaining.ToDictionary<IResource, IResource, List<IResource>>(
            r => r, r => [.. WaitGraph.DependenciesOf(r).Select(e => e.To)], ReferenceEqualityComparer.Instance);
        var dashboard = resources.Where(r => r.Name == DashboardName).ToList();
        return WaitGraph.Layers(remaining, (r, other) => dependsOn[other].Contains(r)) // stopped before what it waits for
            .Concat(dashboard.Count > 0 ? [dashboard] : []);
    }

    /// <summary>The one ordered stop, begun by the first caller (with its token), awaited by every caller.</summary>
    private Task StopAllOnceAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux()) // elsewhere (no /proc, no POSIX signals) Aspire stops them
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            // On the thread pool: stopping the application below re-enters here through ApplicationStopping's callbacks.
            return _stop ??= Task.Run(() => StopAllAsync(cancellationToken), CancellationToken.None);
        }
    }

    /// <summary>ApplicationStopping before ApplicationStarted: Ctrl+C, SIGTERM or StopApplication while resources were still starting.</summary>
    private void OnStoppingWhileStarting()
    {
        if (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return; // started: the host's StopAsync calls StoppingAsync
        }

        _startCancelled = true;
        // The host's "Hosting failed to start" with its TaskCanceledException is expected now: from here its category logs only
        // Critical. A configuration source added to the AppHost's ConfigurationManager re-filters the loggers before this returns.
        (configuration as IConfigurationBuilder)?.AddInMemoryCollection([new($"Logging:LogLevel:{HostCategory}", nameof(LogLevel.Critical))]);
        logger.LogInformation("Stop requested while the AppHost was starting: the resources not started yet will not start; " +
            "those already started are stopped in order.");
        _ = StopAllOnceAsync(CancellationToken.None);
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (!_startCancelled)
        {
            return;
        }

        var options = OptionsOrDefault();
        using var bounded = new CancellationTokenSource(options.Timeout + options.GracePeriod);
        try
        {
            StopAfterCancelledStartAsync(bounded.Token).GetAwaiter().GetResult(); // the process ends when this returns
        }
        catch (Exception ex) when (ex is OperationCanceledException or AggregateException or InvalidOperationException or ObjectDisposedException)
        {
            logger.LogWarning("Stopping the AppHost after its cancelled start did not complete: {Message}", ex.Message);
        }
    }

    private ShutdownOptions OptionsOrDefault()
    {
        try
        {
            return ShutdownOptions.From(configuration);
        }
        catch (DistributedApplicationException ex)
        {
            logger.LogWarning("{Message} Using the defaults for this shutdown.", ex.Message);
            return ShutdownOptions.Default;
        }
    }

    private async Task StopAllAsync(CancellationToken cancellationToken)
    {
        // Every resource shown Running (looked up by name: a project with replicas is left to Aspire's stop), with its process
        // tree as it is now, so a child orphaned later is still known. A pid in any other snapshot belongs to a process gone.
        var trees = model.Resources.Select(r => notifications.TryGetCurrentState(r.Name, out var e) ? e : null).OfType<ResourceEvent>()
            .Where(e => e.Snapshot.State?.Text == KnownResourceStates.Running && RunModeSubscriber.Pid(e) > 0)
            .Select(e => (Event: e, Tree: ProcessTree.Of(RunModeSubscriber.Pid(e)))).ToList();
        if (trees.Count == 0)
        {
            return; // never started, or nothing runs
        }

        // Stopping signalled first: the restart policy must not take the exits that follow for crashes.
        lifetime.StopApplication();
        var options = OptionsOrDefault();

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.Timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var wave in Waves(model.Resources.ToList()))
            {
                await Task.WhenAll(trees.Where(t => wave.Contains(t.Event.Resource))
                    .Select(t => StopInstanceAsync(t.Event, t.Tree, options.GracePeriod, bounded.Token))).ConfigureAwait(false);
            }

            logger.LogInformation("Ordered shutdown done in {Elapsed} ms.", clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested)
        {
            var killed = trees.SelectMany(t => t.Tree.KillAlive()).ToList();
            logger.LogWarning("Ordered shutdown did not finish within {Timeout} (Shutdown:Timeout): killed the remaining pids {Pids}.",
                options.Timeout, string.Join(", ", killed));
        }
    }

    private async Task StopInstanceAsync(ResourceEvent instance, ProcessTree tree, TimeSpan grace, CancellationToken cancellationToken)
    {
        var pid = RunModeSubscriber.Pid(instance);
        var signal = instance.Resource.TryGetLastAnnotation<ShutdownSignalAnnotation>(out var annotation)
            ? annotation.Signal
            : ShutdownSignal.Terminate;
        var name = signal switch { ShutdownSignal.Interrupt => "SIGINT", ShutdownSignal.Quit => "SIGQUIT", _ => "SIGTERM" };
        var clock = Stopwatch.StartNew();
        tree.SignalRoot((int)signal);
        while (tree.Alive().Contains(pid) && clock.Elapsed < grace)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        var ended = !tree.Alive().Contains(pid);
        var killed = tree.KillAlive();
        if (!ended)
        {
            logger.LogWarning("{Resource} did not end within {Grace} of {Signal} (Shutdown:GracePeriod): killed pids {Pids}.",
                instance.ResourceId, grace, name, string.Join(", ", killed));
        }
        else if (killed.Count > 0)
        {
            logger.LogWarning("{Resource} ended on {Signal} but left child processes running: killed pids {Pids}.",
                instance.ResourceId, name, string.Join(", ", killed));
        }
        else
        {
            logger.LogInformation("{Resource} ended {Elapsed} ms after {Signal}.", instance.ResourceId, clock.ElapsedMilliseconds, name);
        }
    }
}
