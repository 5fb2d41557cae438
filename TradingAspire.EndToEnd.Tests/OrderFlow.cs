using System.Collections.Concurrent;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// A client that keeps placing orders at a steady rate and retries each one with the same client_order_id until the
/// API acknowledges it (200/201), as a careful trading client would while services restart.
/// </summary>
internal sealed class OrderFlow(HttpClient api, TimeSpan interval) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<string> _acknowledged = [];
    private Task _loop = Task.CompletedTask;

    public IReadOnlyCollection<string> Acknowledged => _acknowledged;

    public int Attempts;

    public void Start() => _loop = Task.Run(RunAsync);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var sequence = 0;
        while (!_stop.IsCancellationRequested)
        {
            var id = $"flow-{Guid.NewGuid():N}-{sequence++}";
            var side = sequence % 2 == 0 ? "buy" : "sell";
            // Retry this order until acknowledged (or the flow stops): never a second id for the same intent.
            while (!_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref Attempts);
                try
                {
                    using var response = await api.PostAsJsonAsync("/api/trades", new { symbol = "SOLUSDT", side, quantity = 0.01, client_order_id = id }, _stop.Token);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        _acknowledged.Add(id);
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // trading-api is restarting: retry the same order.
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await Delay(TimeSpan.FromMilliseconds(200));
            }

            await Delay(interval);
        }
    }

    private async Task Delay(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
