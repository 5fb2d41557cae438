using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace TradingAspire.Bench.Soak;

/// <summary>
/// Trades placed through trading-api's <c>POST /api/trades</c> at a steady rate, as a client logged in as the trader:
/// trade i is due at start + i / rate whatever the answers (open loop, at most 64 in flight), market orders of 0.001 on
/// three symbols with sides alternating so that positions stay inside the risk limits, each with a unique
/// <c>client_order_id</c>. Every answer other than 201 and every failed request is an error (<see cref="ErrorTally"/>).
/// </summary>
internal sealed class SteadyOrders
{
    private const int MaxInFlight = 64;
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
    private readonly HttpClient _client;
    private readonly Func<string> _authorization;
    private readonly ErrorTally _errors;
    private readonly string _prefix = $"soak-{Guid.NewGuid():N}";
    private long _answered;

    /// <param name="client">trading-api's client (its base address).</param>
    /// <param name="authorization">The current Authorization header value (the trader's token, renewed by the caller).</param>
    /// <param name="errors">Where errors are counted.</param>
    public SteadyOrders(HttpClient client, Func<string> authorization, ErrorTally errors)
    {
        _client = client;
        _authorization = authorization;
        _errors = errors;
    }

    /// <summary>Trades answered 201 so far.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Sends <paramref name="perSecond"/> trades a second until <paramref name="until"/> has passed on <paramref name="clock"/>, then waits for the last answers.</summary>
    public async Task RunAsync(double perSecond, Stopwatch clock, TimeSpan until, CancellationToken cancellationToken)
    {
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var tasks = new List<Task>();
        var started = clock.Elapsed;
        for (long i = 0; ; i++)
        {
            var due = started + TimeSpan.FromSeconds(i / perSecond);
            if (due >= until)
            {
                break;
            }

            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            await inFlight.WaitAsync(cancellationToken);
            var n = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await PlaceAsync(n, cancellationToken);
                }
                finally
                {
                    inFlight.Release();
                }
            }, CancellationToken.None));
            tasks.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(tasks);
    }

    private async Task PlaceAsync(long n, CancellationToken cancellationToken)
    {
        var side = n / 3 % 2 == 0 ? "buy" : "sell";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/trades")
        {
            Content = new StringContent(
                $$"""{"client_order_id":"{{_prefix}}-{{n}}","symbol":"{{Symbols[n % 3]}}","side":"{{side}}","type":"market","quantity":0.001}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(_authorization());
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode == 201)
            {
                Interlocked.Increment(ref _answered);
            }
            else
            {
                _errors.Add($"POST /api/trades {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _errors.Add($"POST /api/trades {exception.GetType().Name}: {exception.Message}{(exception.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "")}");
        }
    }
}
