using System.Net.WebSockets;
using System.Text;

namespace TradingAspire.EndToEnd.Tests;

[Trait("Category", "Integration")]
[Collection(WholeSystem.Name)]
public sealed class TradingApiTests(TelemetrySystem system)
{
    // Polling period of the condition loops below (each has a deadline); not a synchronisation delay.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private static string NewId() => $"e2e-{Guid.NewGuid():N}";

    [Fact]
    public async Task An_order_is_filled_stored_once_and_streamed_as_an_execution()
    {
        using var executions = new ClientWebSocket();
        // As the UI does: the trader's token exchanged for a read-only gateway token, sent as ?access_token= would be.
        var trader = await AccessTokens.LoginAsync(system.Api, system.TraderPassword);
        executions.Options.SetRequestHeader("Authorization", $"Bearer {await AccessTokens.ExchangeAsync(system.Api, trader, "gateway", "read")}");
        await executions.ConnectAsync(new Uri($"ws://{system.App.GetEndpoint("gateway").Authority}/ws/executions"), new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var clientOrderId = NewId();

        using var response = await system.Api.PostAsJsonAsync("/api/trades", new { symbol = "ETHUSDT", side = "buy", quantity = 0.05, client_order_id = clientOrderId });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var trade = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = trade.RootElement.GetProperty("id").GetString()!;
        Assert.Equal("filled", trade.RootElement.GetProperty("status").GetString());
        Assert.Equal("filled", await system.ScalarAsync("SELECT status FROM orders WHERE id = $1::uuid", id));
        Assert.Equal(1L, await system.ScalarAsync("SELECT count(*) FROM executions e JOIN orders o ON o.id = e.order_id WHERE o.client_order_id = $1", clientOrderId));
        using var streamed = await WebSocketJson.ReceiveAsync(executions, e => e.GetProperty("client_order_id").GetString() == clientOrderId, TimeSpan.FromSeconds(15));
        Assert.Equal("filled", streamed.RootElement.GetProperty("status").GetString());
        using var fetched = await system.Api.GetFromJsonAsync<JsonDocument>($"/api/trades/{id}");
        Assert.Equal(clientOrderId, fetched!.RootElement.GetProperty("client_order_id").GetString());
    }

    [Fact]
    public async Task The_same_client_order_id_twice_makes_one_order_and_a_different_order_under_it_is_a_conflict()
    {
        var body = new OrderBody("SOLUSDT", "sell", "market", 0.1m, NewId());

        using var first = await system.Api.PostAsJsonAsync("/api/trades", body);
        using var second = await system.Api.PostAsJsonAsync("/api/trades", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1", body.client_order_id));
        using var conflict = await system.Api.PostAsJsonAsync("/api/trades", body with { side = "buy" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        using var error = JsonDocument.Parse(await conflict.Content.ReadAsStringAsync());
        Assert.Equal("client_order_id_conflict", error.RootElement.GetProperty("error").GetString());
        Assert.StartsWith($"client_order_id '{body.client_order_id}' was already used for a different order (side: stored sell, sent buy", error.RootElement.GetProperty("message").GetString());
        Assert.Equal(1L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1", body.client_order_id));
    }

    [Theory]
    [InlineData("{\"side\":\"buy\",\"quantity\":1}", 422, "symbol")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"quantity\":-1}", 422, "quantity")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"quantity\":\"x\"}", 422, "quantity")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"side\":\"up\",\"quantity\":1}", 422, "side")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"type\":\"limit\",\"quantity\":1}", 422, "limit_price")]
    [InlineData("{\"symbol\":\"BTCUSDT\",", 400, "body")]
    [InlineData("[]", 422, "body")]
    public async Task Malformed_trades_are_rejected_with_the_field_and_write_nothing(string json, int status, string field)
    {
        var before = (long)(await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id NOT LIKE 'strategy-%'"))!;

        using var response = await system.Api.PostAsync("/api/trades", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(body.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Equal(before, (long)(await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id NOT LIKE 'strategy-%'"))!);
    }

    /// <summary>Issue 15's cases, sent to the running system: each is refused naming the field and writes nothing.</summary>
    [Theory]
    [InlineData("\"quantity\":1e-12", "quantity", "must have at most 10 decimal places")]
    [InlineData("\"type\":\"limit\",\"quantity\":1,\"limit_price\":1e-30", "limit_price", "must have at most 10 decimal places")]
    [InlineData("\"quantity\":0.123456789012", "quantity", "got 0.123456789012, which is not rounded")]
    [InlineData("\"quantity\":1000000000000000000.0000000001", "quantity", "must be at most 999999999999999999.9999999999")]
    [InlineData("\"quantity\":12345678901234567890123456789", "quantity", "must be at most 999999999999999999.9999999999")]
    [InlineData("\"quantity\":-0", "quantity", "must be greater than 0; got -0")]
    [InlineData("\"quantity\":NaN", "quantity", "must be a finite number")]
    [InlineData("\"quantity\":Infinity", "quantity", "must be a finite number")]
    [InlineData("\"quantity\":\"NaN\"", "quantity", "must be a finite number")]
    [InlineData("\"quantity\":\"-Infinity\"", "quantity", "must be a finite number")]
    [InlineData("\"quantity\":true", "quantity", "must be a number; got a boolean")]
    [InlineData("\"quantity\":[1]", "quantity", "must be a number")]
    public async Task Orders_the_storage_cannot_hold_are_refused_naming_the_field_and_write_nothing(string fields, string field, string reason)
    {
        var clientOrderId = NewId();
        var json = $"{{\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"type\":\"market\",\"client_order_id\":\"{clientOrderId}\",{fields}}}";
        // A later key wins in JSON objects as Python and .NET read them: "type" given in the case replaces "market".
        using var response = await system.Api.PostAsync("/api/trades", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(422, (int)response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(body.RootElement.GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("field").GetString() == field && e.GetProperty("reason").GetString()!.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(0L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1", clientOrderId));
    }

    [Fact]
    public async Task A_client_order_id_of_5000_characters_an_unknown_symbol_and_a_2_megabyte_body_are_refused_and_the_service_stays_healthy()
    {
        const string ClientOrders = "SELECT count(*) FROM orders WHERE client_order_id NOT LIKE 'strategy-%'";
        var before = (long)(await system.ScalarAsync(ClientOrders))!;

        using var longId = await system.Api.PostAsJsonAsync("/api/trades", new { symbol = "BTCUSDT", side = "buy", type = "market", quantity = 1, client_order_id = new string('x', 5000) });
        using var unknown = await system.Api.PostAsJsonAsync("/api/trades", new { symbol = "NOPEUSDT", side = "buy", type = "market", quantity = 1, client_order_id = NewId() });
        using var huge = await system.Api.PostAsync("/api/trades", new StringContent(
            $"{{\"symbol\":\"BTCUSDT\",\"side\":\"buy\",\"quantity\":1,\"pad\":\"{new string('x', 2 * 1024 * 1024)}\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, longId.StatusCode);
        Assert.Contains("client_order_id", await longId.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("symbol", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("body_too_large", JsonDocument.Parse(await huge.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        using var health = await system.Api.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // The strategy keeps placing its own orders meanwhile; no other order may appear.
        Assert.Equal(before, (long)(await system.ScalarAsync(ClientOrders))!);
    }

    [Fact]
    public async Task The_strategy_places_orders_once_ticks_flow_and_keeps_its_heartbeat_fresh()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        long placed;
        while ((placed = (long)(await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id LIKE 'strategy-%'"))!) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollInterval);
        }

        Assert.True(placed > 0, "the strategy placed no order within 90 s");
        var heartbeat = JsonDocument.Parse((string)(await (await system.RedisAsync()).StringGetAsync("strategy:heartbeat"))!);
        var age = DateTimeOffset.UtcNow - DateTimeOffset.Parse(heartbeat.RootElement.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(age < TimeSpan.FromSeconds(15), $"heartbeat is {age.TotalSeconds:0} s old");
    }

    [Fact]
    public async Task Health_lists_every_dependency()
    {
        using var health = await system.Api.GetFromJsonAsync<JsonDocument>("/health");

        var checks = health!.RootElement.GetProperty("checks");
        foreach (var name in new[] { "postgres", "redis", "gateway", "strategy" })
        {
            Assert.Equal("healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Market_history_gives_the_recent_ticks_oldest_first()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement ticks;
        do
        {
            using var history = await system.Api.GetFromJsonAsync<JsonDocument>("/api/market/ethusdt/history?limit=5");
            ticks = history!.RootElement.GetProperty("ticks").Clone();
            if (ticks.GetArrayLength() == 5 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(PollInterval);
        }
        while (true);

        Assert.Equal(5, ticks.GetArrayLength());
        var times = ticks.EnumerateArray().Select(t => DateTimeOffset.Parse(t.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(ticks.EnumerateArray(), t => Assert.True(t.GetProperty("price").GetDouble() > 0));
        using var invalid = await system.Api.GetAsync("/api/market/ETHUSDT/history?limit=0");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
    }

    [Fact]
    public async Task Market_gives_the_latest_price_with_its_time()
    {
        using var market = await system.Api.GetFromJsonAsync<JsonDocument>("/api/market/btcusdt");

        Assert.Equal("BTCUSDT", market!.RootElement.GetProperty("symbol").GetString());
        Assert.True(market.RootElement.GetProperty("price").GetDouble() > 0);
        var at = DateTimeOffset.Parse(market.RootElement.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(DateTimeOffset.UtcNow - at < TimeSpan.FromSeconds(30), $"the price is from {at:O}");
        using var unknown = await system.Api.GetAsync("/api/market/NOPE");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

}

/// <summary>Destructive: stops the gateway under a running trading-api, so it has a system of its own.</summary>
[Trait("Category", "Integration")]
[Collection(WholeSystem.Name)]
public sealed class GatewayOutageTests(TelemetrySystem system)
{
    [Fact]
    public async Task With_the_gateway_down_an_order_gets_503_and_nothing_is_stored_then_the_retry_is_placed_once()
    {
        var clientOrderId = $"outage-{Guid.NewGuid():N}";

        await system.WhileStoppedAsync("gateway", async () =>
        {
            using var response = await system.Api.PostAsJsonAsync("/api/trades", new { symbol = "BTCUSDT", side = "buy", quantity = 0.01, client_order_id = clientOrderId });

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("gateway_unavailable", body.RootElement.GetProperty("error").GetString());
            Assert.Equal(0L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1", clientOrderId));
            return true;
        });
        using var retry = await system.Api.PostAsJsonAsync("/api/trades", new { symbol = "BTCUSDT", side = "buy", quantity = 0.01, client_order_id = clientOrderId });

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("filled", await system.ScalarAsync("SELECT status FROM orders WHERE client_order_id = $1", clientOrderId));
        Assert.Equal(1L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1", clientOrderId));
    }
}

/// <summary>An order as a client sends it to <c>POST /api/trades</c>.</summary>
internal sealed record OrderBody(string symbol, string side, string type, decimal quantity, string client_order_id);
