using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Logs;

/// <summary>
/// Copies the console output of every resource of the model (<see cref="ResourceLoggerService.WatchAsync(IResource)"/>,
/// the stream the dashboard shows) into <c>{directory}/{resource}.log</c>. It starts with the app and keeps copying
/// until it is disposed with the app's services, after the resources have stopped, so their shutdown lines are kept.
/// </summary>
internal sealed class ResourceLogFileWriter(DistributedApplicationModel model, ResourceLoggerService resourceLogs, ResourceLogFileOptions options,
    string directory, TimeProvider timeProvider, ILogger<ResourceLogFileWriter> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _copies = [];
    private readonly List<RotatingLogFile> _files = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var resource in model.Resources)
        {
            var file = new RotatingLogFile(directory, resource.Name, options.MaxFileBytes, options.MaxFiles);
            _files.Add(file);
            _copies.Add(Task.Run(() => CopyAsync(resource, file, _stopping.Token), CancellationToken.None));
        }

        logger.LogInformation("Console output of {Count} resources goes to {Directory}/<resource>.log ({MaxFileBytes} bytes per file, {MaxFiles} files kept).",
            model.Resources.Count, directory, options.MaxFileBytes, options.MaxFiles);
        return Task.CompletedTask;
    }

    // The resources stop after this service's StopAsync (hosted services stop in reverse order): keep copying until disposal.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_copies).ConfigureAwait(false);
        foreach (var file in _files)
        {
            file.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task CopyAsync(IResource resource, RotatingLogFile file, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in resourceLogs.WatchAsync(resource).WithCancellation(cancellationToken).ConfigureAwait(false))
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
                file.Path, resource.Name);
        }
    }
}
