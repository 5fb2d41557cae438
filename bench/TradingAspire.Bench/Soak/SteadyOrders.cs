using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using TradingAspire.Bench.Load;

namespace TradingAspire.Bench.Soak;

/// <summary>
/// Trades placed through trading-api's <c>POST /api/trades</c> at a steady rate, as a client logged in as the trader:
/// trade i is due at start + i / rate whatever the answers (open loop, at most 64 in flight), market orders of 0.001 on
/// three symbols with sides alternating so that positions stay inside the risk limits, each with a unique
/// <c>client_order_id</c>. Every answer other than 201 and every failed request is an error (<see cref="ErrorTally"/>).
/// </summary>
/// <param name="client">trading-api's client (its base address).</param>
/// <param name="authorization">The current Authorization header value (the trader's token, renewed by the caller).</param>
/// <param name="errors">Where errors are counted.</param>
internal sealed class SteadyOrders(HttpClient client, Func<string> authorization, ErrorTally errors)
{
    private const int MaxInFlight = 64;
    private readonly string _prefix = $"soak-{Guid.NewGuid():N}";
    private long _answered;

    /// <summary>Trades answered 201 so far.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Sends <paramref name="perSecond"/> trades a second until <paramref name="until"/> has passed on <paramref name="clock"/>, then waits for the last answers.</summary>
    public Task RunAsync(double perSecond, Stopwatch clock, TimeSpan until, CancellationToken cancellationToken)
        => OpenLoop.RunAsync(perSecond, clock, until, MaxInFlight, (n, _) => PlaceAsync(n, cancellationToken), cancellationToken);

    private async Task PlaceAsync(long n, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/trades")
        {
            Content = new StringContent(BenchOrders.Market(_prefix, n), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization());
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode == 201)
            {
                Interlocked.Increment(ref _answered);
            }
            else
            {
                errors.Add($"POST /api/trades {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            errors.Add($"POST /api/trades {exception.GetType().Name}: {exception.Message}{(exception.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "")}");
        }
    }
}
