using System.Net.Http.Headers;
using System.Net.WebSockets;
using TradingAspire.TestSupport;

namespace TradingAspire.Bench.Soak;

/// <summary>
/// One browser tab of the trading UI, as its code talks to the servers, through the trading-ui resource's Vite server
/// (its proxy to trading-api and the gateway): the page and the chart's history on every <see cref="LoadPageAsync"/>
/// (a page load), then the blotter's poll every 3 s (<c>/api-health</c>, <c>/api/trades?limit=50</c>,
/// <c>/api/positions</c>) and the two live WebSockets, <c>/ws/market</c> and <c>/ws/executions</c>, each with a
/// read-only gateway token exchanged at <c>/auth/token</c> and sent as <c>?access_token=</c> (a browser cannot set
/// headers on a WebSocket). Without Chromium: the servers see the same requests, the browser's own memory is not
/// measured. A failed request, a non-2xx answer or a WebSocket that closes is an error (<see cref="ErrorTally"/>).
/// </summary>
/// <param name="ui">A client of the trading-ui resource's URL.</param>
/// <param name="authorization">The trader's current Authorization header value.</param>
/// <param name="errors">Where errors are counted.</param>
internal sealed class UiClient(HttpClient ui, Func<string> authorization, ErrorTally errors)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(3);
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
    private long _messages;

    /// <summary>WebSocket messages received so far (ticks and executions).</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>The page load: <c>/</c>, then each symbol's history (2,000 ticks) as the chart asks for it.</summary>
    public async Task LoadPageAsync(CancellationToken cancellationToken)
    {
        await GetAsync("/", cancellationToken);
        foreach (var symbol in Symbols)
        {
            await GetAsync($"/api/market/{symbol}/history?limit=2000", cancellationToken);
        }
    }

    /// <summary>Polls and keeps both WebSockets open until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
        => Task.WhenAll(PollAsync(cancellationToken), StreamAsync("/ws/market", cancellationToken), StreamAsync("/ws/executions", cancellationToken));

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            do
            {
                await GetAsync("/api-health", cancellationToken);
                await GetAsync("/api/trades?limit=50", cancellationToken);
                await GetAsync("/api/positions", cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task StreamAsync(string path, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (!cancellationToken.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            try
            {
                var token = await AccessTokens.ExchangeAsync(ui, authorization()["Bearer ".Length..], "gateway", "read", cancellationToken);
                var uri = new UriBuilder(new Uri(ui.BaseAddress!, path)) { Scheme = ui.BaseAddress!.Scheme == "https" ? "wss" : "ws", Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
                await socket.ConnectAsync(uri, cancellationToken);
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        errors.Add($"{path} closed by the server: {result.CloseStatus} {result.CloseStatusDescription}");
                        break;
                    }

                    if (result.EndOfMessage)
                    {
                        Interlocked.Increment(ref _messages);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is WebSocketException or HttpRequestException or InvalidOperationException)
            {
                errors.Add($"{path} {exception.GetType().Name}: {exception.Message}");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // the UI's reconnect backoff, not a synchronisation
            }
        }
    }

    private async Task GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization());
        }

        try
        {
            using var response = await ui.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                errors.Add($"GET {path.Split('?')[0]} {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            else
            {
                await response.Content.CopyToAsync(Stream.Null, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            errors.Add($"GET {path.Split('?')[0]} {exception.GetType().Name}: {exception.Message}{(exception.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "")}");
        }
    }
}
