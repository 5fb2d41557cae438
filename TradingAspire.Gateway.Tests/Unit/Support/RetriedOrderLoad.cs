using System.Collections.Concurrent;

namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>
/// Orders from several concurrent clients, each retried with the same client order id and body until the gateway
/// acknowledges it (200/201), as a careful trading client does while the gateway or PostgreSQL restarts: market orders
/// of 0.01 on three symbols (sides alternating, so positions stay small) and, every seventh, a limit buy at 1 that rests.
/// </summary>
internal sealed class RetriedOrderLoad(Func<HttpClient> client, int clients, string prefix) : IAsyncDisposable
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    /// <summary>Every acknowledged order by client order id: its body, the order id answered and the load's phase when acknowledged.</summary>
    public ConcurrentDictionary<string, (string Body, Guid OrderId, int Phase)> Acknowledged { get; } = new();

    /// <summary>A number the test moves on at each restart, recorded with each acknowledgement.</summary>
    public int Phase { get; set; }

    /// <summary>Answers other than 2xx (or failures to connect), each retried.</summary>
    public int Retries => _retries;

    private int _retries;

    public void Start() => _running = Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => RunAsync(c))));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
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
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client().PostOrderAsync(body, _stop.Token);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_stop.Token));
                        Acknowledged[id] = (body, answer.RootElement.GetProperty("order").GetProperty("id").GetGuid(), Phase);
                        break;
                    }

                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    {
                        throw new UnexpectedAnswerException($"{body} was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is not UnexpectedAnswerException)
                {
                    // The gateway is restarting (connection refused or reset, or the in-memory server disposed): retry.
                }

                Interlocked.Increment(ref _retries);
                // A client's back-off between retries, not a synchronisation: the order is resent until acknowledged.
                await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
            }
        }
    }

    private sealed class UnexpectedAnswerException(string message) : Exception(message);
}
