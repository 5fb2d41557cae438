using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using TradingAspire.TestSupport;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>The whole system in Production mode: uvicorn with workers, the UI built into dist/ and served by vite preview.</summary>
public sealed class ProductionTradingSystem : TradingSystem
{
    protected override IEnumerable<string> Arguments => ["--environment=Production"];
}

[Trait("Category", "Integration")]
public sealed class ProductionModeTests(ProductionTradingSystem system) : IClassFixture<ProductionTradingSystem>
{
    [Fact]
    public async Task TheBuiltUiIsServedAndReachesTheApiAndTheGatewayThroughTheDevelopmentPaths()
    {
        using var ui = system.App.CreateHttpClient("trading-ui");

        var index = await ui.GetStringAsync("/");
        Assert.DoesNotContain("/@vite/client", index);
        Assert.Matches(@"/assets/index-[\w-]+\.js", index);

        using var health = await ui.GetAsync("/api-health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        using var created = await ui.PostAsJsonAsync("/api/trades", new { symbol = "SOLUSDT", side = "sell", quantity = 0.1, client_order_id = $"prod-{Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("filled", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        using var market = new ClientWebSocket();
        await market.ConnectAsync(new Uri($"ws://{ui.BaseAddress!.Authority}/ws/market?symbols=ETHUSDT"), new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        using var tick = await WebSocketJson.ReceiveAsync(market, t => t.GetProperty("type").GetString() == "tick", TimeSpan.FromSeconds(15));
        Assert.Equal("ETHUSDT", tick.RootElement.GetProperty("symbol").GetString());
    }
}
