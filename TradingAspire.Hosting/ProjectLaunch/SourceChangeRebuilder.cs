using System.Threading.Channels;
using System.Xml.Linq;

namespace TradingAspire.Hosting;

/// <summary>
/// Watches the sources of every project marked with <see cref="RebuildOnChangeAnnotation"/> and, once changes have been
/// quiet for its period, runs Aspire's <c>rebuild</c> command on it (<c>WithRebuildOnChange</c>).
/// </summary>
internal sealed class SourceChangeRebuilder(IConfiguration configuration, ResourceNotificationService notifications, ResourceCommandService commands,
    ResourceLoggerService resourceLogs, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SourceChangeRebuilder> logger) : RunModeSubscriber
{
    private static readonly string[] Extensions = [".cs", ".csproj", ".props", ".targets", ".razor", ".cshtml"];

    /// <summary>The directory of <paramref name="projectPath"/> and of every project it references (<c>ProjectReference</c>, transitively), each once.</summary>
    public static IReadOnlyList<string> SourceDirectories(string projectPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectPath)]);
        var directories = new List<string>();
        while (pending.TryPop(out var project))
        {
            if (seen.Add(project) && File.Exists(project))
            {
                var directory = Path.GetDirectoryName(project)!;
                directories.Add(directory);
                foreach (var include in XDocument.Load(project).Descendants().Where(e => e.Name.LocalName == "ProjectReference")
                             .Select(e => e.Attribute("Include")?.Value).OfType<string>().Where(i => i.Length > 0))
                {
                    pending.Push(Path.GetFullPath(include.Replace('\\', Path.DirectorySeparatorChar), directory));
                }
            }
        }

        return directories;
    }

    /// <summary>Whether a change to <paramref name="path"/> changes the build: sources and project files, not under <c>bin/</c>,
    /// <c>obj/</c> or a dot directory.</summary>
    public static bool IsSource(string directory, string path)
    {
        var relative = Path.GetRelativePath(directory, path).Split(Path.DirectorySeparatorChar);
        return Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase)
               && !relative.Take(relative.Length - 1).Any(segment => segment is "bin" or "obj" || segment.StartsWith('.'));
    }

    protected override void BeforeStart(DistributedApplicationModel model)
    {
        if (DirectLaunchSubscriber.IsIdeSession(configuration) || DirectLaunchSubscriber.IsDotnetWatch(configuration))
        {
            return;
        }

        model.Resources.OfType<ProjectResource>().Where(p => p.HasAnnotationOfType<RebuildOnChangeAnnotation>()).ToList().ForEach(Watch);
    }

    private void Watch(ProjectResource project)
    {
        var changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        foreach (var directory in SourceDirectories(project.GetProjectMetadata().ProjectPath))
        {
            var watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            FileSystemEventHandler onChange = (_, e) => _ = IsSource(directory, e.FullPath) && changes.Writer.TryWrite(e.FullPath);
            watcher.Changed += onChange;
            watcher.Created += onChange;
            watcher.Deleted += onChange;
            watcher.Renamed += (sender, e) => onChange(sender, e);
            watcher.EnableRaisingEvents = true;
            lifetime.ApplicationStopping.Register(watcher.Dispose);
        }

        _ = Task.Run(() => RebuildLoopAsync(project, changes.Reader, lifetime.ApplicationStopping), CancellationToken.None);
    }

    private async Task RebuildLoopAsync(ProjectResource project, ChannelReader<string> changes, CancellationToken stopping)
    {
        var quietPeriod = project.Annotations.OfType<RebuildOnChangeAnnotation>().Last().QuietPeriod;
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
        var files = changed.Count == 1
            ? Path.GetFileName(changed.First())
            : $"{changed.Count} files ({string.Join(", ", changed.Take(3).Select(Path.GetFileName))}{(changed.Count > 3 ? ", …" : "")})";
        var state = State(project);
        if (state is null || state == KnownResourceStates.NotStarted || state == KnownResourceStates.Waiting)
        {
            log.LogInformation("[watch] {Files} changed before the first start; not rebuilt (restart the AppHost to build it).", files);
            return;
        }

        log.LogInformation("[watch] {Files} changed: rebuilding.", files);
        var rebuild = await commands.ExecuteCommandAsync(project, KnownResourceCommands.RebuildCommand, stopping).ConfigureAwait(false);
        if (!rebuild.Success)
        {
            log.LogError("[watch] Not running: {Reason} Fix the error and save; the next change rebuilds and starts it.", rebuild.Message);
        }
        else if (State(project) is { } after && KnownResourceStates.TerminalStates.Contains(after)
                 && await commands.ExecuteCommandAsync(project, KnownResourceCommands.StartCommand, stopping).ConfigureAwait(false) is { Success: false } start)
        {
            // A resource that was not running (its previous build failed) is started by this good build.
            log.LogError("[watch] Built, but the start failed: {Reason}", start.Message);
        }
    }

    private string? State(ProjectResource project) => notifications.TryGetCurrentState(project.Name, out var e) ? e.Snapshot.State?.Text : null;
}
