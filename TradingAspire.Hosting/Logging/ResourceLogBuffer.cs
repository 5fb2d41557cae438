using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TradingAspire.Hosting.Logging;

/// <summary>The last N console lines of one resource, plus live subscribers.</summary>
internal sealed class ResourceLogBuffer(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<LogLine> _lines = new();
    private readonly List<Channel<LogLine>> _subscribers = [];
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

            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(line);
            }

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

    public async IAsyncEnumerable<LogLine> WatchAsync(bool includeExisting, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<LogLine>(new UnboundedChannelOptions { SingleReader = true });
        List<LogLine> existing;
        lock (_gate)
        {
            existing = includeExisting ? _lines.ToList() : [];
            _subscribers.Add(channel);
        }

        try
        {
            foreach (var line in existing)
            {
                yield return line;
            }

            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }
}
