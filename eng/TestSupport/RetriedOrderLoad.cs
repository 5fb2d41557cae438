using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace TradingAspire.TestSupport;

/// <summary>
/// (Linked into the test projects that need it.) Orders from concurrent clients, each retried with the same client
/// order id and body until acknowledged (200/201), as a careful trading client does while services restart: market
/// orders of 0.01 on three symbols (sides alternating, so positions stay small) and, every seventh, a limit buy at 1
/// that rests. No answer (a failure to connect, a timeout) is retried; an answer only when <c>retryable</c> says so (the
/// API's retry rule): any other ends its client with an exception that <see cref="WaitForMoreAsync"/> (at once) and
/// <see cref="StopAsync"/> throw, so a test that retries only 503 still fails on a 500.
/// </summary>
/// <param name="client">The client to send with, asked at each request (a test may swap it when it restarts the server).</param>
/// <param name="path">Where orders are posted: the gateway's <c>/api/orders</c> or trading-api's <c>/api/trades</c>.</param>
/// <param name="retryable">Which answers other than 200/201 are retried, e.g. the gateway's 503.</param>
/// <param name="prefix">The start of every client order id (make it unique per test).</param>
/// <param name="clients">How many clients send at once.</param>
/// <param name="interval">Each client's pause after an acknowledged order (none: as fast as answered).</param>
internal sealed class RetriedOrderLoad(Func<HttpClient> client, string path, Func<HttpStatusCode, bool> retryable, string prefix, int clients = 1, TimeSpan interval = default)
    : IAsyncDisposable
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _stop = new();
    private Task[] _clients = [];
    private int _retries;

    /// <summary>Every acknowledged order by client order id: its body, the order id answered and the <see cref="Phase"/> when acknowledged.</summary>
    public ConcurrentDictionary<string, (string Body, Guid OrderId, int Phase)> Acknowledged { get; } = new();

    /// <summary>A number the test moves on at each restart, recorded with each acknowledgement.</summary>
    public int Phase { get; set; }

    /// <summary>Retryable answers and failures to connect, each retried.</summary>
    public int Retries => _retries;

    /// <summary>Starts the clients.</summary>
    public void Start() => _clients = [.. Enumerable.Range(0, clients).Select(c => Task.Run(() => RunAsync(c)))];

    /// <summary>Returns once <paramref name="more"/> orders more than now are acknowledged; throws an answer that was not retryable at once, <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitForMoreAsync(int more, TimeSpan timeout)
    {
        var target = Acknowledged.Count + more;
        return Poll.UntilAsync(async () =>
        {
            if (_clients.FirstOrDefault(c => c.IsFaulted) is { } failed)
            {
                await failed;
            }

            return Acknowledged.Count >= target;
        }, () => $"{Acknowledged.Count} of {target} orders acknowledged within {timeout} ({Retries} retries)", timeout);
    }

    /// <summary>Stops the clients (requests in flight are cancelled, not retried); throws an answer that was not retryable.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(int worker)
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var id = $"{prefix}-{worker}-{n}";
            var body = n % 7 == 6
                ? $$"""{"client_order_id":"{{id}}","symbol":"{{Symbols[n % 3]}}","side":"buy","type":"limit","quantity":0.01,"limit_price":1}"""
                : $$"""{"client_order_id":"{{id}}","symbol":"{{Symbols[n % 3]}}","side":"{{(n / 3 % 2 == 0 ? "buy" : "sell")}}","type":"market","quantity":0.01}""";
            for (var delay = FirstRetryDelay; !await TrySendAsync(id, body); delay = TimeSpan.FromTicks(Math.Min(2 * delay.Ticks, MaxRetryDelay.Ticks)))
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                Interlocked.Increment(ref _retries);
                // A client's back-off between retries (doubling from 20 ms to at most 500 ms, so a service that is down
                // is not asked, and does not log, dozens of times a second), not a synchronisation: the order is resent
                // until acknowledged.
                await Task.Delay(delay, CancellationToken.None);
            }

            await Task.Delay(interval, CancellationToken.None);
        }
    }

    // Whether the order was acknowledged (false: retry it, or stopping); throws an answer that is not retryable.
    private async Task<bool> TrySendAsync(string id, string body)
    {
        HttpStatusCode status;
        string text;
        try
        {
            using var response = await client().PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), _stop.Token);
            (status, text) = (response.StatusCode, await response.Content.ReadAsStringAsync(_stop.Token));
        }
        catch (Exception)
        {
            return false; // no answer (connection refused or reset, a timeout, the in-memory server disposed, stopping)
        }

        if (status is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            return retryable(status) ? false : throw new InvalidOperationException(
                $"POST {path} {body} was answered {(int)status}, which the load does not retry (it retries only what the API says to retry): {text}");
        }

        // The gateway answers {"order": {...}}, trading-api the order itself; both with the gateway's order id.
        using var answer = JsonDocument.Parse(text);
        var order = answer.RootElement.TryGetProperty("order", out var inner) ? inner : answer.RootElement;
        Acknowledged[id] = (body, order.GetProperty("id").GetGuid(), Phase);
        return true;
    }
}
