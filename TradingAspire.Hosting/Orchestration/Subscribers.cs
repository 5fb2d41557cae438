using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>
/// Live subscribers of a stream of items: each gets what the publisher held when it subscribed, then every item
/// published afterwards, in order. Used for resource snapshots and console lines.
/// </summary>
internal sealed class Subscribers<T>
{
    private readonly List<Channel<T>> _channels = [];

    /// <summary>Sends an item to every subscriber; call under the publisher's lock so order matches its state.</summary>
    public void Publish(T item)
    {
        foreach (var channel in _channels)
        {
            channel.Writer.TryWrite(item);
        }
    }

    /// <summary>
    /// Subscribes: <paramref name="current"/> runs under <paramref name="gate"/> together with the registration, so no
    /// item is missed or repeated between the initial ones and the live ones.
    /// </summary>
    public async IAsyncEnumerable<T> WatchAsync(Lock gate, Func<IReadOnlyList<T>> current, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        IReadOnlyList<T> initial;
        lock (gate)
        {
            initial = current();
            _channels.Add(channel);
        }

        try
        {
            foreach (var item in initial)
            {
                yield return item;
            }

            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            lock (gate)
            {
                _channels.Remove(channel);
            }
        }
    }
}
