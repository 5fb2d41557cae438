using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.Configuration;

namespace TradingAspire.Hosting.Logging;

/// <summary>
/// Console output of every resource: a ring buffer per resource (dashboard, CLI, tests) and
/// <c>logs/{resource}.log</c> with size-based rotation.
/// </summary>
public sealed class ResourceLoggerService(AppHostOptions options, ApplicationPaths paths, TimeProvider timeProvider) : IDisposable
{
    private readonly ConcurrentDictionary<string, ResourceLogBuffer> _buffers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RotatingLogFile> _files = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records one line of output of <paramref name="resourceName"/>.</summary>
    public LogLine Write(string resourceName, string text, bool isError = false)
    {
        var line = Buffer(resourceName).Add(timeProvider.GetUtcNow(), text, isError);
        _files.GetOrAdd(resourceName, name => new RotatingLogFile(paths.LogDirectory, name, options.LogFileMaxBytes, options.LogFileCount)).Append(line);
        return line;
    }

    /// <summary>The last <paramref name="count"/> lines of a resource.</summary>
    public IReadOnlyList<LogLine> Tail(string resourceName, int count) => Buffer(resourceName).Tail(count);

    /// <summary>Live lines of a resource (optionally the buffered ones first).</summary>
    public IAsyncEnumerable<LogLine> WatchAsync(string resourceName, bool includeExisting, CancellationToken cancellationToken)
        => Buffer(resourceName).WatchAsync(includeExisting, cancellationToken);

    /// <summary>Path of the resource's log file.</summary>
    public string LogFilePath(string resourceName) => Path.Combine(paths.LogDirectory, $"{resourceName}.log");

    /// <summary>An <see cref="ILogger"/> whose messages go to the resource's console log (used by start hooks).</summary>
    public ILogger GetLogger(string resourceName) => new ResourceConsoleLogger(this, resourceName);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in _files.Values)
        {
            file.Dispose();
        }
    }

    private ResourceLogBuffer Buffer(string resourceName)
        => _buffers.GetOrAdd(resourceName, _ => new ResourceLogBuffer(options.ConsoleBufferLines));
}
