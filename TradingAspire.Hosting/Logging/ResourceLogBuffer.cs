using TradingAspire.Hosting.Orchestration;

namespace TradingAspire.Hosting.Logging;

/// <summary>The last N console lines of one resource, plus live subscribers.</summary>
internal sealed class ResourceLogBuffer(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<LogLine> _lines = new();
    private readonly Subscribers<LogLine> _subscribers = new();
    private long _lineNumber;

    public LogLine Add(DateTimeOffset timestamp, string text, bool isError)
    {
        lock (_gate)
        {
            var line = new LogLine(++_lineNumber, timestamp, text, isError);
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }

            _subscribers.Publish(line);

            return line;
        }
    }

    public IReadOnlyList<LogLine> Tail(int count)
    {
        lock (_gate)
        {
            return _lines.Skip(Math.Max(0, _lines.Count - count)).ToList();
        }
    }

    public IAsyncEnumerable<LogLine> WatchAsync(bool includeExisting, CancellationToken cancellationToken)
        => _subscribers.WatchAsync(_gate, () => includeExisting ? _lines.ToList() : [], cancellationToken);
}
