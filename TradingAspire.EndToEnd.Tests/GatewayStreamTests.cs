using System.Net.WebSockets;
using System.Text;
using Npgsql;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>The gateway's WebSockets and market API under the running system, called with a service token as trading-api does.</summary>
[Trait("Category", "Integration")]
[Collection(WholeSystem.Name)]
public sealed class GatewayStreamTests(TelemetrySystem system)
{
    private Uri WebSocketUri(string path) => new($"ws://{system.App.GetEndpoint("gateway").Authority}{path}");

    [Fact]
    public async Task A_market_client_receives_ticks_only_for_its_symbols()
    {
        using var socket = system.NewGatewayWebSocket();
        await socket.ConnectAsync(WebSocketUri("/ws/market?symbols=ETHUSDT"), new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var symbols = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            using var tick = await WebSocketJson.ReceiveAsync(socket, _ => true, TimeSpan.FromSeconds(10));
            Assert.Equal("tick", tick.RootElement.GetProperty("type").GetString());
            Assert.True(tick.RootElement.GetProperty("price").GetDecimal() > 0);
            symbols.Add(tick.RootElement.GetProperty("symbol").GetString()!);
        }

        Assert.Equal(["ETHUSDT"], symbols);
    }

    [Fact]
    public async Task A_client_can_change_its_subscription()
    {
        using var socket = system.NewGatewayWebSocket();
        await socket.ConnectAsync(WebSocketUri("/ws/market?symbols=ETHUSDT"), new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"subscribe":["SOLUSDT"]}"""), WebSocketMessageType.Text, true, CancellationToken.None);

        using var tick = await WebSocketJson.ReceiveAsync(socket, t => t.GetProperty("symbol").GetString() == "SOLUSDT", TimeSpan.FromSeconds(10));
        Assert.Equal("SOLUSDT", tick.RootElement.GetProperty("symbol").GetString());
    }

    [Fact]
    public async Task An_executions_client_receives_the_fill_of_an_order()
    {
        using var socket = system.NewGatewayWebSocket();
        await socket.ConnectAsync(WebSocketUri("/ws/executions"), new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var id = $"ws-{Guid.NewGuid():N}";

        using var response = await system.Gateway.PostAsJsonAsync("/api/orders", new { client_order_id = id, symbol = "BTCUSDT", side = "buy", type = "market", quantity = 0.01 });
        using var execution = await WebSocketJson.ReceiveAsync(socket, e => e.GetProperty("client_order_id").GetString() == id, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("execution", execution.RootElement.GetProperty("type").GetString());
        Assert.Equal("filled", execution.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Latest_prices_are_served_and_kept_in_redis()
    {
        using var market = await system.Gateway.GetFromJsonAsync<JsonDocument>("/api/market/BTCUSDT");

        Assert.True(market!.RootElement.GetProperty("price").GetDecimal() > 0);
        using var unknown = await system.Gateway.GetAsync("/api/market/NOPE");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

/// <summary>Stops Redis and the gateway under the running system; each test brings them back to healthy before it ends.</summary>
[Trait("Category", "Integration")]
[Collection(WholeSystem.Name)]
public sealed class RedisOutageTests(TelemetrySystem system) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The next test of the shared system finds every resource as a healthy system has it (trading-api and the strategy reconnect to Redis).</summary>
    public Task DisposeAsync() => TradingSystem.WaitForEveryResourceAsync(system.App);

    // Polling period of the condition loops below (each has a deadline); not a synchronisation delay.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Health_turns_unhealthy_when_redis_stops_and_healthy_when_it_is_back()
    {
        var unhealthy = await system.WhileStoppedAsync("redis", () => PollHealthAsync(HttpStatusCode.ServiceUnavailable));
        var healthy = await PollHealthAsync(HttpStatusCode.OK);

        Assert.Contains("\"StackExchange.Redis\":{\"status\":\"Unhealthy\"", unhealthy);
        Assert.Contains("\"StackExchange.Redis\":{\"status\":\"Healthy\"", healthy);
    }

    [Fact]
    public async Task Stopping_the_gateway_closes_WebSockets_with_a_normal_closure()
    {
        using var socket = system.NewGatewayWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{system.App.GetEndpoint("gateway").Authority}/ws/market"), new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var (result, exitCode) = await system.WhileStoppedAsync("gateway", async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var buffer = new byte[8192];
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, timeout.Token);
            }
            while (received.MessageType != WebSocketMessageType.Close);

            // The Close frame comes while the gateway shuts down, before its process exits: wait for the exit code.
            var stopped = await system.App.ResourceNotifications.WaitForResourceAsync("gateway", e => e.Snapshot.ExitCode is not null, timeout.Token);
            return (received, stopped.Snapshot.ExitCode);
        });

        Assert.Equal(WebSocketCloseStatus.NormalClosure, result.CloseStatus);
        Assert.Equal(0, exitCode);
    }

    private async Task<string> PollHealthAsync(HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            // Each answer within 15 s: the gateway bounds every check to 5 s (ServiceDefaults), so a longer wait is a hang.
            using var answerWithin = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            HttpResponseMessage answer;
            try
            {
                answer = await system.Gateway.GetAsync("/health", answerWithin.Token);
            }
            catch (OperationCanceledException) when (answerWithin.IsCancellationRequested)
            {
                throw new TimeoutException($"/health gave no answer within 15 s (waiting for {(int)expected}); " +
                    $"{TradingSystem.Describe(system.App, "gateway")}; {TradingSystem.Describe(system.App, "redis")}");
            }

            using var response = answer;
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == expected)
            {
                return body;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"/health stayed {(int)response.StatusCode}: {body}; {TradingSystem.Describe(system.App, "gateway")}");
            }

            await Task.Delay(PollInterval);
        }
    }
}
