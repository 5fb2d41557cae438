using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Logging;

namespace TradingAspire.Hosting;

/// <summary>
/// Copies the console output of every resource of the model (<see cref="ResourceLoggerService.WatchAsync(IResource)"/>,
/// the stream the dashboard shows) into <c>{directory}/{resource}.log</c>. It starts on <see cref="BeforeStartEvent"/>,
/// before the first resource starts, so the files are written whether or not start-up completes (a resource that fails
/// to start has its reason on disk), and keeps copying until it is disposed with the app's services, after the
/// resources have stopped, so their shutdown lines are kept.
/// </summary>
internal sealed class ResourceLogFileWriter(ResourceNotificationService notifications, ResourceLoggerService resourceLogs, ResourceLogFileOptions options,
    string directory, TimeProvider timeProvider, ILogger<ResourceLogFileWriter> logger) : IDistributedApplicationEventingSubscriber, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _copies = [];
    private readonly Dictionary<string, RotatingLogFile> _files = new(StringComparer.Ordinal);

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext,
        CancellationToken cancellationToken)
    {
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                Start(e.Model);
                return Task.CompletedTask;
            });
        }

        return Task.CompletedTask;
    }

    private void Start(DistributedApplicationModel model)
    {
        lock (_files)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            foreach (var resource in model.Resources)
            {
                _files[resource.Name] = new RotatingLogFile(directory, resource.Name, options.MaxFileBytes, options.MaxFiles);
            }

            // Console output is kept per replica id (e.g. redis-xkcd), known only once DCP has prepared the resource:
            // every id a resource event names gets a copy into its resource's file.
            _copies.Add(Task.Run(() => FollowReplicasAsync(_stopping.Token), CancellationToken.None));
        }

        logger.LogInformation("Console output of {Count} resources goes to {Directory}/<resource>.log ({MaxFileBytes} bytes per file, {MaxFiles} files kept).",
            model.Resources.Count, directory, options.MaxFileBytes, options.MaxFiles);
    }

    private async Task FollowReplicasAsync(CancellationToken cancellationToken)
    {
        var copied = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var e in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_files)
                {
                    if (_files.TryGetValue(e.Resource.Name, out var file) && copied.Add(e.ResourceId))
                    {
                        _copies.Add(Task.Run(() => CopyAsync(e.ResourceId, e.Resource.Name, file, cancellationToken), CancellationToken.None));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        // The follower may add a copy while the first ones end: wait until no new one appeared.
        for (var waited = -1; ;)
        {
            Task[] copies;
            lock (_files)
            {
                copies = [.. _copies];
            }

            if (copies.Length == waited)
            {
                break;
            }

            await Task.WhenAll(copies).ConfigureAwait(false);
            waited = copies.Length;
        }

        foreach (var file in _files.Values)
        {
            file.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task CopyAsync(string resourceId, string resourceName, RotatingLogFile file, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in resourceLogs.WatchAsync(resourceId).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                foreach (var line in batch)
                {
                    var (timestamp, text) = ConsoleLineTimestamp.Split(line.Content, timeProvider.GetUtcNow());
                    file.Append(timestamp, line.IsErrorMessage, text);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogError(exception, "Log file {Path} cannot be written; {Resource}'s output is no longer copied to disk. Check the directory's permissions and free space.",
                file.Path, resourceName);
        }
    }
}
