using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>The trading UI in headless Chromium against the whole running system.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "Browser")]
public sealed class TradingUiBrowserTests(TradingSystem system) : IClassFixture<TradingSystem>, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;
    private readonly List<string> _consoleErrors = [];

    public async Task InitializeAsync()
    {
        (_playwright, _browser) = await Browser.LaunchAsync();
        _page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        _page.Console += (_, message) => { if (message.Type == "error") { _consoleErrors.Add(message.Text); } };
        await _page.GotoAsync(system.App.GetEndpoint("trading-ui").ToString());
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task ThePageLoadsWithoutConsoleErrorsAndTheChartReceivesTicks()
    {
        var lastPrice = _page.GetByTestId("last-price");
        await Assertions.Expect(_page.GetByTestId("market-status")).ToHaveTextAsync("live", new() { Timeout = 20_000 });
        await Assertions.Expect(lastPrice).Not.ToHaveTextAsync("—", new() { Timeout = 20_000 });
        var first = await lastPrice.TextContentAsync();

        await Assertions.Expect(lastPrice).Not.ToHaveTextAsync(first!, new() { Timeout = 20_000 });

        await Browser.ScreenshotAsync(_page, "trading-ui");
        Assert.Empty(_consoleErrors);
    }

    [Fact]
    public async Task SubmittingAnOrderShowsItInTheBlotterAsFilled()
    {
        await _page.GetByTestId("ticket-symbol").SelectOptionAsync("ETHUSDT");
        await _page.GetByTestId("ticket-quantity").FillAsync("0.02");
        await _page.GetByTestId("ticket-submit").ClickAsync();

        await Assertions.Expect(_page.GetByTestId("ticket-result")).ToContainTextAsync("buy 0.02 ETHUSDT: filled", new() { Timeout = 15_000 });
        var row = _page.Locator("[data-testid='trade-row'][data-status='filled']").Filter(new() { HasText = "ETHUSDT" }).Filter(new() { HasText = "0.02" });
        await Assertions.Expect(row.First).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task AnInvalidQuantityShowsTheApisErrorNextToTheField()
    {
        await _page.GetByTestId("ticket-quantity").FillAsync("-1");
        await _page.GetByTestId("ticket-submit").ClickAsync();

        await Assertions.Expect(_page.GetByTestId("error-quantity")).ToHaveTextAsync("must be greater than 0 (example: 0.5)", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task TheHealthPanelListsEveryServiceAsHealthy()
    {
        foreach (var service in new[] { "trading-api", "postgres", "redis", "gateway", "strategy" })
        {
            await Assertions.Expect(_page.GetByTestId($"health-{service}")).ToHaveAttributeAsync("data-status", "healthy", new() { Timeout = 30_000 });
        }
    }
}
