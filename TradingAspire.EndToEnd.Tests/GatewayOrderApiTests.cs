using System.Text;
using Npgsql;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// The gateway's order API under the running system, called as trading-api calls it (a service token). The strategy
/// places orders meanwhile: counts and sums are of this test's orders, and a position is compared with the executions
/// in one statement.
/// </summary>
[Trait("Category", "Integration")]
[Collection(WholeSystem.Name)]
public sealed class GatewayOrderApiTests(TelemetrySystem system)
{
    private static string NewId() => $"gateway-{Guid.NewGuid():N}";

    private Task<HttpResponseMessage> PostAsync(object body) => system.Gateway.PostAsJsonAsync("/api/orders", body);

    [Fact]
    public async Task A_market_order_writes_order_execution_and_position_and_replies_with_the_execution()
    {
        var id = NewId();

        using var response = await PostAsync(new { client_order_id = id, symbol = "SOLUSDT", side = "buy", type = "market", quantity = 0.25 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var order = body.RootElement.GetProperty("order");
        var execution = body.RootElement.GetProperty("execution");
        Assert.Equal("filled", order.GetProperty("status").GetString());
        Assert.Equal(0.25m, execution.GetProperty("quantity").GetDecimal());
        await using var connection = await system.OpenDatabaseAsync();
        await using var check = new NpgsqlCommand(
            "SELECT o.status, e.price, o.xmin::text = e.xmin::text FROM orders o JOIN executions e ON e.order_id = o.id WHERE o.client_order_id = $1", connection);
        check.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("filled", reader.GetString(0));
        Assert.Equal(execution.GetProperty("price").GetDecimal(), reader.GetDecimal(1));
        Assert.True(reader.GetBoolean(2), "order and execution must be written by the same transaction");
        Assert.Equal(1L, await system.ScalarAsync("SELECT count(*) FROM executions e JOIN orders o ON o.id = e.order_id WHERE o.client_order_id = $1", id));
    }

    [Fact]
    public async Task Retrying_with_the_same_client_order_id_returns_the_same_execution_and_writes_once()
    {
        var body = new { client_order_id = NewId(), symbol = "ETHUSDT", side = "sell", type = "market", quantity = 0.1 };

        using var first = await PostAsync(body);
        using var second = await PostAsync(body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        using var a = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        using var b = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal(a.RootElement.GetProperty("execution").GetProperty("id").GetString(), b.RootElement.GetProperty("execution").GetProperty("id").GetString());
        Assert.Equal(1L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1", body.client_order_id));
    }

    [Fact]
    public async Task Concurrent_orders_for_one_symbol_keep_the_position_consistent()
    {
        var prefix = NewId();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            PostAsync(new { client_order_id = $"{prefix}-{i}", symbol = "BTCUSDT", side = i % 4 == 0 ? "sell" : "buy", type = "market", quantity = 0.01 })));

        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal((15 - 5) * 0.01m, await system.ScalarAsync(
            "SELECT sum(CASE e.side WHEN 'buy' THEN e.quantity ELSE -e.quantity END) FROM executions e JOIN orders o ON o.id = e.order_id WHERE o.client_order_id LIKE $1",
            prefix + "-%"));
        // One statement, one snapshot: the strategy's orders committed meanwhile are in both sides or in neither.
        var positionAndExecutions = (decimal[])(await system.ScalarAsync(
            "SELECT ARRAY[(SELECT quantity FROM positions WHERE symbol = $1), (SELECT sum(CASE side WHEN 'buy' THEN quantity ELSE -quantity END) FROM executions WHERE symbol = $1)]",
            "BTCUSDT"))!;
        Assert.Equal(positionAndExecutions[1], positionAndExecutions[0]);
    }

    [Fact]
    public async Task A_marketable_limit_fills_and_a_far_limit_rests_until_the_market_crosses()
    {
        using var market = await system.Gateway.GetFromJsonAsync<JsonDocument>("/api/market/ETHUSDT");
        var price = market!.RootElement.GetProperty("price").GetDecimal();

        using var marketable = await PostAsync(new { client_order_id = NewId(), symbol = "ETHUSDT", side = "buy", type = "limit", quantity = 0.1, limit_price = price * 1.05m });
        using var resting = await PostAsync(new { client_order_id = NewId(), symbol = "ETHUSDT", side = "buy", type = "limit", quantity = 0.1, limit_price = price * 0.5m });

        Assert.Equal("filled", JsonDocument.Parse(await marketable.Content.ReadAsStringAsync()).RootElement.GetProperty("order").GetProperty("status").GetString());
        using var restingBody = JsonDocument.Parse(await resting.Content.ReadAsStringAsync());
        Assert.Equal("resting", restingBody.RootElement.GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, restingBody.RootElement.GetProperty("execution").ValueKind);
        var id = restingBody.RootElement.GetProperty("order").GetProperty("id").GetString();
        using var fetched = await system.Gateway.GetFromJsonAsync<JsonDocument>($"/api/orders/{id}");
        Assert.Equal(0, fetched!.RootElement.GetProperty("executions").GetArrayLength());
    }

    public static TheoryData<string, int, string> InvalidBodies => new()
    {
        { "{", 400, "body" },
        { "not json at all", 400, "body" },
        { "[]", 422, "body" },
        { """{"symbol":"BTCUSDT","side":"buy","type":"market","quantity":1}""", 422, "client_order_id" },
        { """{"client_order_id":"x1","side":"buy","type":"market","quantity":1}""", 422, "symbol" },
        { """{"client_order_id":"x2","symbol":"BTCUSDT","side":"buy","type":"market"}""", 422, "quantity" },
        { """{"client_order_id":"x3","symbol":"BTCUSDT","side":"buy","type":"market","quantity":"lots"}""", 422, "quantity" },
        { """{"client_order_id":"x4","symbol":"BTCUSDT","side":"buy","type":"market","quantity":-1}""", 422, "quantity" },
        { """{"client_order_id":"x5","symbol":"BTCUSDT","side":"buy","type":"market","quantity":0}""", 422, "quantity" },
        { """{"client_order_id":"x6","symbol":"BTCUSDT","side":"buy","type":"market","quantity":99999999}""", 422, "quantity" },
        { """{"client_order_id":"x7","symbol":"NOPE","side":"buy","type":"market","quantity":1}""", 422, "symbol" },
        { """{"client_order_id":"x8","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1}""", 422, "limit_price" },
        { """{"client_order_id":"x9","symbol":"BTCUSDT","side":"short","type":"market","quantity":1}""", 422, "side" },
        { """{"client_order_id":"x10","symbol":"BTCUSDT","side":"buy","type":"market","quantity":900}""", 422, "quantity" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_orders_are_rejected_with_the_field_and_write_nothing(string json, int status, string field)
    {
        var orders = await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id LIKE 'x%'");

        using var response = await system.Gateway.PostAsync("/api/orders", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(body.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("message").GetString()));
        Assert.Equal(orders, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id LIKE 'x%'"));
    }

    [Fact]
    public async Task Unknown_order_id_is_404()
    {
        using var response = await system.Gateway.GetAsync($"/api/orders/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_expose_the_order_counters()
    {
        using var order = await PostAsync(new { client_order_id = NewId(), symbol = "SOLUSDT", side = "sell", type = "market", quantity = 0.01 });

        var metrics = await system.Gateway.GetStringAsync("/metrics");

        Assert.Contains("gateway_orders_received_total", metrics);
        Assert.Contains("gateway_orders_filled_total", metrics);
        Assert.Contains("gateway_ticks_published_total", metrics);
        Assert.Contains("gateway_orders_fill_latency_milliseconds_bucket", metrics);
    }
}
