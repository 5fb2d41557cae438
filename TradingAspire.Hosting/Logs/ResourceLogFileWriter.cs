using System.Globalization;
using System.Text.RegularExpressions;

namespace TradingAspire.Hosting;

/// <summary>
/// Copies the console output of every resource (the stream the dashboard shows) into <c>{directory}/{resource}.log</c>,
/// without ANSI escape sequences, from <see cref="BeforeStartEvent"/> (a resource that fails to start has its reason on disk)
/// until it is disposed with the app's services, after the resources have stopped (their shutdown lines are kept).
/// </summary>
internal sealed partial class ResourceLogFileWriter(ResourceNotificationService notifications, ResourceLoggerService resourceLogs, ResourceLogFileOptions options,
    string directory, TimeProvider timeProvider, ILogger<ResourceLogFileWriter> logger) : RunModeSubscriber, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _copies = [];
    private readonly Dictionary<string, RotatingLogFile> _files = new(StringComparer.Ordinal);

    /// <summary>
    /// The time a console line from DCP starts with (<c>2026-11-29T11:57:50.412345678Z text</c>) and the text after it;
    /// <paramref name="fallback"/> and the whole line when it has none (lines the AppHost logs itself).
    /// </summary>
    public static (DateTimeOffset Timestamp, string Text) SplitTimestamp(string content, DateTimeOffset fallback)
    {
        var match = LeadingTimestamp().Match(content);
        var fraction = match.Groups["fraction"].Value;
        var text = $"{match.Groups["seconds"].Value}{(fraction.Length > 8 ? fraction[..8] : fraction)}{match.Groups["zone"].Value}"; // .NET reads 7 digits
        return match.Success && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp)
            ? (timestamp, content[match.Length..])
            : (fallback, content);
    }

    /// <summary><paramref name="text"/> without ANSI CSI (colours) and OSC (hyperlinks) sequences: a .NET project colours its redirected console output.</summary>
    public static string WithoutEscapeSequences(string text) => EscapeSequence().Replace(text, "");

    public async ValueTask DisposeAsync()
    {
        Task[] copies;
        lock (_files)
        {
            _stopping.Cancel(); // under the lock: the watch starts no copy after this
            copies = [.. _copies];
        }

        await Task.WhenAll(copies).ConfigureAwait(false);
        foreach (var file in _files.Values)
        {
            file.Dispose();
        }

        _stopping.Dispose();
    }

    protected override void BeforeStart(DistributedApplicationModel model)
    {
        lock (_files)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            var runStarted = timeProvider.GetUtcNow();
            foreach (var resource in model.Resources)
            {
                _files[resource.Name] = new RotatingLogFile(directory, resource.Name, options.MaxFileBytes, options.MaxFiles, runStarted);
            }

            // Console output is kept per replica id (e.g. redis-xkcd), known only once DCP has prepared the resource:
            // every id a resource event names gets a copy into its resource's file.
            var copied = new HashSet<string>(StringComparer.Ordinal);
            _copies.Add(WatchAsync(notifications, e =>
            {
                lock (_files)
                {
                    if (!_stopping.IsCancellationRequested && _files.TryGetValue(e.Resource.Name, out var file) && copied.Add(e.ResourceId))
                    {
                        _copies.Add(Task.Run(() => CopyAsync(e.ResourceId, e.Resource.Name, file, _stopping.Token), CancellationToken.None));
                    }
                }

                return Task.CompletedTask;
            }, logger, failure: null, _stopping.Token));
        }

        // No count: the model's resources include parameters and databases, not only processes.
        logger.LogInformation("Each resource's console output goes to {Directory}/<resource>.log ({MaxFileBytes} bytes per file, {MaxFiles} files kept).",
            directory, options.MaxFileBytes, options.MaxFiles);
    }

    private async Task CopyAsync(string resourceId, string resourceName, RotatingLogFile file, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in resourceLogs.WatchAsync(resourceId).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                foreach (var line in batch)
                {
                    var (timestamp, text) = SplitTimestamp(line.Content, timeProvider.GetUtcNow());
                    file.Append(timestamp, line.IsErrorMessage, WithoutEscapeSequences(text)); // the dashboard's stream keeps its colours
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

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?<fraction>\.\d+)?(?<zone>Z|[+-]\d{2}:\d{2}) ")]
    private static partial Regex LeadingTimestamp();

    // CSI (colours: ESC [ 32 m) and OSC (hyperlinks: ESC ] 8 ; ; url ESC \) sequences.
    [GeneratedRegex(@"\x1B\[[0-?]*[ -/]*[@-~]|\x1B\][^\x07\x1B]*(?:\x07|\x1B\\)")]
    private static partial Regex EscapeSequence();
}
