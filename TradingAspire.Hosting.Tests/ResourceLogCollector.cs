namespace TradingAspire.Hosting.Tests;

/// <summary>Every console/log line of one resource (its backlog and what follows), kept in order for the test to search.</summary>
internal sealed class ResourceLogCollector : IAsyncDisposable
{
    private readonly List<string> _lines = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;

    public ResourceLogCollector(DistributedApplication app, string resource)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        _watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in logs.WatchAsync(model).WithCancellation(_stop.Token))
                {
                    lock (_lines)
                    {
                        _lines.AddRange(batch.Select(l => l.Content));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>Lines seen so far.</summary>
    public int Count
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>The first line at index <paramref name="from"/> or later matching <paramref name="match"/>; throws after <paramref name="timeout"/> with the lines seen.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout, int from = 0)
    {
        string? found = null;
        await Poll.UntilAsync(() =>
        {
            lock (_lines)
            {
                found = _lines.Skip(from).FirstOrDefault(match);
            }

            return Task.FromResult(found is not null);
        }, () => $"No log line {what} within {timeout}. Lines:\n{Text}", timeout);
        return found!;
    }

    /// <summary>All lines so far, one per line.</summary>
    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch;
        _stop.Dispose();
    }
}
