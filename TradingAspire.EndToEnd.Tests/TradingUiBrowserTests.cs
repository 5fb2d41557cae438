using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>The trading UI in headless Chromium against the whole running system.</summary>
[Collection(WholeSystem.Name)]
public sealed class TradingUiBrowserTests(TelemetrySystem system, Chromium chromium) : PageTest(chromium)
{
    private readonly List<string> _consoleErrors = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Page.Console += (_, message) => { if (message.Type == "error") { _consoleErrors.Add(message.Text); } };
        await Page.GotoAsync(system.App.GetEndpoint("trading-ui").ToString());
        await Browser.LogInAsync(Page);
    }

    [Fact]
    public async Task The_page_loads_without_console_errors_and_the_chart_receives_ticks()
    {
        var lastPrice = Page.GetByTestId("last-price");
        await Assertions.Expect(Page.GetByTestId("market-status")).ToHaveTextAsync("live", new() { Timeout = 20_000 });
        await Assertions.Expect(lastPrice).Not.ToHaveTextAsync("—", new() { Timeout = 20_000 });
        var first = await lastPrice.TextContentAsync();

        await Assertions.Expect(lastPrice).Not.ToHaveTextAsync(first!, new() { Timeout = 20_000 });

        await Browser.ScreenshotAsync(Page, "trading-ui");
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task Submitting_an_order_shows_it_in_the_blotter_as_filled()
    {
        await Page.GetByTestId("ticket-symbol").SelectOptionAsync("ETHUSDT");
        await Page.GetByTestId("ticket-quantity").FillAsync("0.02");
        await Page.GetByTestId("ticket-submit").ClickAsync();

        await Assertions.Expect(Page.GetByTestId("ticket-result")).ToContainTextAsync("buy 0.02 ETHUSDT: filled", new() { Timeout = 15_000 });
        var row = Page.Locator("[data-testid='trade-row'][data-status='filled']").Filter(new() { HasText = "ETHUSDT" }).Filter(new() { HasText = "0.02" });
        await Assertions.Expect(row.First).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task An_invalid_quantity_shows_the_APIs_error_next_to_the_field()
    {
        await Page.GetByTestId("ticket-quantity").FillAsync("-1");
        await Page.GetByTestId("ticket-submit").ClickAsync();

        await Assertions.Expect(Page.GetByTestId("error-quantity")).ToHaveTextAsync("must be greater than 0; got -1 (example: 0.5)", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task The_health_panel_lists_every_service_as_healthy()
    {
        foreach (var service in new[] { "trading-api", "postgres", "redis", "gateway", "strategy" })
        {
            await Assertions.Expect(Page.GetByTestId($"health-{service}")).ToHaveAttributeAsync("data-status", "healthy", new() { Timeout = 30_000 });
        }
    }

    [Fact]
    public async Task After_the_gateway_restarts_the_market_stream_is_live_again_with_new_ticks()
    {
        var market = Page.GetByTestId("connection-market");
        await Assertions.Expect(market).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });

        var restarted = await system.App.ResourceCommands.ExecuteCommandAsync("gateway", KnownResourceCommands.RestartCommand);

        Assert.True(restarted.Success, restarted.Message);
        await Assertions.Expect(market).Not.ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });
        await Assertions.Expect(market).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 60_000 });
        var lastPrice = Page.GetByTestId("last-price");
        var before = await lastPrice.TextContentAsync();
        await Assertions.Expect(lastPrice).Not.ToHaveTextAsync(before!, new() { Timeout = 20_000 });
    }
}

/// <summary>
/// The trading screen at the two sizes a trader uses, once 500 orders exist: ticket, positions, blotter and health stay
/// inside the viewport and the page itself does not scroll (the blotter scrolls inside its panel).
/// </summary>
[Trait("Category", "Integration")]
[Trait("Category", "Browser")]
[Collection(WholeSystem.Name)]
public sealed class TradingUiLayoutTests(TelemetrySystem system, Chromium chromium)
{
    [Theory]
    [InlineData(1366, 768)]
    [InlineData(1920, 1080)]
    public async Task With_five_hundred_orders_every_panel_is_inside_the_viewport_and_the_page_does_not_scroll(int width, int height)
    {
        await EnsureOrdersAsync(500);
        var page = await Browser.NewPageAsync(await chromium.InstanceAsync(), width, height);
        try
        {
            await page.GotoAsync(system.App.GetEndpoint("trading-ui").ToString());
            await Browser.LogInAsync(page);
            await Assertions.Expect(page.GetByTestId("trade-row").First).ToBeVisibleAsync(new() { Timeout = 20_000 });

            foreach (var panel in new[] { "chart", "ticket", "positions", "blotter", "health" })
            {
                var box = await page.GetByTestId(panel).BoundingBoxAsync();
                Assert.True(box is not null, $"{panel} is not rendered");
                Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= width + 0.5 && box.Y + box.Height <= height + 0.5,
                    $"{panel} at ({box.X}, {box.Y}) size {box.Width}x{box.Height} is not inside {width}x{height}");
            }

            var scroll = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollHeight, window.innerHeight, document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(scroll[0] <= scroll[1] && scroll[2] <= scroll[3], $"the page scrolls: content {scroll[2]}x{scroll[0]} in a {scroll[3]}x{scroll[1]} window");
            Assert.True(await page.GetByTestId("trade-row").CountAsync() <= 200, "the blotter keeps at most 200 rows in the page");
            await Browser.ScreenshotAsync(page, $"trading-ui-{width}x{height}");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Places orders through trading-api until at least <paramref name="count"/> exist (8 at a time).</summary>
    private async Task EnsureOrdersAsync(int count)
    {
        var existing = (long)(await system.ScalarAsync("SELECT count(*) FROM orders"))!;
        var symbols = new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT" };
        var pending = Enumerable.Range(0, Math.Max(0, count - (int)existing)).ToList();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(pending.Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await system.Api.PostAsJsonAsync("/api/trades",
                    new { symbol = symbols[i % 3], side = i % 2 == 0 ? "buy" : "sell", type = "market", quantity = 0.001m, client_order_id = $"layout-{Guid.NewGuid():N}" });
                Assert.True(response.IsSuccessStatusCode, $"order {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            finally
            {
                gate.Release();
            }
        }));
        Assert.True((long)(await system.ScalarAsync("SELECT count(*) FROM orders"))! >= count);
    }
}
