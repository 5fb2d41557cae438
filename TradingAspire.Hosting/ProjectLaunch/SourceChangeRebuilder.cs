using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting;

/// <summary>
/// Watches the sources of every project marked with <see cref="RebuildOnChangeAnnotation"/> (<see cref="ProjectSources"/>)
/// and, once changes have been quiet for the annotation's period, runs Aspire's own <c>rebuild</c> command on it: Aspire
/// stops the process, runs <c>dotnet build</c> (its output goes to the resource's console log with a <c>[build]</c>
/// prefix) and starts the new build; a failed build leaves the resource FailedToStart with the compiler errors in its
/// log, never the previous build running. The next change that builds starts it again. Off in an IDE session (the IDE
/// owns the launch) and under <c>DOTNET_WATCH=true</c> (Aspire's <c>dotnet watch</c> does this itself).
/// </summary>
internal sealed class SourceChangeRebuilder(
    IConfiguration configuration,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SourceChangeRebuilder> logger) : RunModeSubscriber
{
    private readonly List<FileSystemWatcher> _watchers = [];

    protected override void BeforeStart(DistributedApplicationModel model)
    {
        if (DirectLaunchSubscriber.IsIdeSession(configuration) || DirectLaunchSubscriber.IsDotnetWatch(configuration))
        {
            return;
        }

        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            if (project.TryGetLastAnnotation<RebuildOnChangeAnnotation>(out var annotation))
            {
                Watch(project, annotation.QuietPeriod);
            }
        }

        lifetime.ApplicationStopping.Register(() =>
        {
            lock (_watchers)
            {
                _watchers.ForEach(w => w.Dispose());
                _watchers.Clear();
            }
        });
    }

    private void Watch(ProjectResource project, TimeSpan quietPeriod)
    {
        var changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        foreach (var directory in ProjectSources.Directories(project.GetProjectMetadata().ProjectPath))
        {
            var watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            void OnChange(string path)
            {
                if (ProjectSources.IsSource(directory, path))
                {
                    changes.Writer.TryWrite(path);
                }
            }

            watcher.Changed += (_, e) => OnChange(e.FullPath);
            watcher.Created += (_, e) => OnChange(e.FullPath);
            watcher.Deleted += (_, e) => OnChange(e.FullPath);
            watcher.Renamed += (_, e) => OnChange(e.FullPath);
            watcher.EnableRaisingEvents = true;
            lock (_watchers)
            {
                _watchers.Add(watcher);
            }
        }

        _ = Task.Run(() => RebuildLoopAsync(project, changes.Reader, quietPeriod, lifetime.ApplicationStopping), CancellationToken.None);
    }

    private async Task RebuildLoopAsync(ProjectResource project, ChannelReader<string> changes, TimeSpan quietPeriod, CancellationToken stopping)
    {
        try
        {
            while (await changes.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                var changed = new SortedSet<string>(StringComparer.Ordinal);
                do
                {
                    while (changes.TryRead(out var path))
                    {
                        changed.Add(path);
                    }

                    await Task.Delay(quietPeriod, time, stopping).ConfigureAwait(false);
                }
                while (changes.TryPeek(out _));

                await RebuildAsync(project, changed, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Resource}: rebuilding on source changes stopped.", project.Name);
        }
    }

    private async Task RebuildAsync(ProjectResource project, IReadOnlyCollection<string> changed, CancellationToken stopping)
    {
        var log = resourceLogs.GetLogger(project);
        var state = await StateAsync(project, stopping).ConfigureAwait(false);
        if (state is null || state == KnownResourceStates.NotStarted || state == KnownResourceStates.Waiting)
        {
            log.LogInformation("[watch] {Files} changed before the first start; not rebuilt (restart the AppHost to build it).", Describe(changed));
            return;
        }

        log.LogInformation("[watch] {Files} changed: rebuilding.", Describe(changed));
        var rebuild = await commands.ExecuteCommandAsync(project, KnownResourceCommands.RebuildCommand, stopping).ConfigureAwait(false);
        if (!rebuild.Success)
        {
            log.LogError("[watch] Not running: {Reason} Fix the error and save; the next change rebuilds and starts it.", rebuild.Message);
            return;
        }

        // A resource that was not running (its previous build failed) is started by this good build.
        var after = await StateAsync(project, stopping).ConfigureAwait(false);
        if (after is not null && KnownResourceStates.TerminalStates.Contains(after))
        {
            var start = await commands.ExecuteCommandAsync(project, KnownResourceCommands.StartCommand, stopping).ConfigureAwait(false);
            if (!start.Success)
            {
                log.LogError("[watch] Built, but the start failed: {Reason}", start.Message);
            }
        }
    }

    /// <summary>The resource's current state text (the notification service answers with its latest snapshot at once).</summary>
    private async Task<string?> StateAsync(ProjectResource project, CancellationToken stopping)
        => (await notifications.WaitForResourceAsync(project.Name, _ => true, stopping).ConfigureAwait(false)).Snapshot.State?.Text;

    private static string Describe(IReadOnlyCollection<string> changed)
        => changed.Count == 1 ? Path.GetFileName(changed.First()) : $"{changed.Count} files ({string.Join(", ", changed.Take(3).Select(Path.GetFileName))}{(changed.Count > 3 ? ", …" : "")})";
}
