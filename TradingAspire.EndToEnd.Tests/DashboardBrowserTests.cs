using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>The dashboard in headless Chromium, over the whole running system with telemetry flowing.</summary>
[Trait("Category", "Integration")]
[Trait("Category", "Browser")]
public sealed class DashboardBrowserTests(TradingSystemWithDashboard system) : IClassFixture<TradingSystemWithDashboard>, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        (_playwright, _browser) = await Browser.LaunchAsync();
        _page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task WithoutTheTokenTheUiRedirectsToLogin()
    {
        await _page.GotoAsync(system.DashboardUrl.ToString());

        Assert.EndsWith("/login", new Uri(_page.Url).AbsolutePath);
        await Assertions.Expect(_page.Locator("input[name='t']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheResourcesPageListsEveryResourceWithItsState()
    {
        await _page.GotoAsync(system.LoginUrl);

        foreach (var resource in new[] { "postgres", "trading", "redis", "gateway", "trading-api", "strategy", "trading-ui" })
        {
            await Assertions.Expect(_page.GetByTestId($"state-{resource}")).ToHaveTextAsync("Running", new() { Timeout = 15_000 });
        }

        await Browser.ScreenshotAsync(_page, "dashboard-resources");
    }

    [Fact]
    public async Task RestartingFromTheUiShowsStoppingStartingThenRunning()
    {
        await _page.GotoAsync(system.LoginUrl);
        await Assertions.Expect(_page.GetByTestId("state-strategy")).ToHaveTextAsync("Running", new() { Timeout = 15_000 });
        await _page.EvaluateAsync("""
            () => {
              window.seenStates = [];
              const record = () => {
                const cell = document.querySelector('[data-testid="state-strategy"]');
                const state = cell ? cell.textContent.replace(' ⓘ', '') : null;
                if (state && window.seenStates[window.seenStates.length - 1] !== state) window.seenStates.push(state);
              };
              new MutationObserver(record).observe(document.getElementById('resource-rows'), { childList: true, subtree: true, characterData: true });
            }
            """);

        await _page.GetByTestId("action-strategy-restart").ClickAsync();
        await Assertions.Expect(_page.Locator("#toasts")).ToContainTextAsync("strategy restart", new() { Timeout = 15_000 });
        await Assertions.Expect(_page.GetByTestId("state-strategy")).ToHaveTextAsync("Running", new() { Timeout = 30_000 });

        var states = await _page.EvaluateAsync<string[]>("() => window.seenStates");
        var stopping = Array.IndexOf(states, "Stopping");
        var starting = Array.IndexOf(states, "Starting", Math.Max(0, stopping));
        Assert.True(stopping >= 0 && starting > stopping && states[^1] == "Running", $"states seen: {string.Join(" → ", states)}");
    }

    [Fact]
    public async Task ConsoleLogsShowALineTheResourcePrinted()
    {
        await _page.GotoAsync(system.LoginUrl);
        await _page.ClickAsync("button[data-tab='console']");
        await _page.GetByTestId("console-resource").SelectOptionAsync("gateway");

        await Assertions.Expect(_page.GetByTestId("console-lines")).ToContainTextAsync("Market simulator", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task ATraceOfATradeAppearsWithSpansFromBothServices()
    {
        using var response = await system.Api.PostAsJsonAsync("/api/trades", new { symbol = "BTCUSDT", side = "buy", quantity = 0.01, client_order_id = $"trace-{Guid.NewGuid():N}" });
        var traceparent = response.Headers.GetValues("traceparent").Single();
        var traceId = traceparent.Split('-')[1];
        await _page.GotoAsync(system.LoginUrl);
        await _page.ClickAsync("button[data-tab='traces']");

        var row = _page.GetByTestId($"trace-{traceId}");
        for (var attempt = 0; attempt < 50 && await row.CountAsync() == 0; attempt++)
        {
            await _page.ClickAsync("#traces-refresh");
            await _page.WaitForTimeoutAsync(200);
        }

        // Each service exports on its own schedule (about every second): reopen the trace until both have reported.
        var apiSpan = _page.GetByTestId("span-row").Filter(new() { HasText = "trading-api: POST /api/trades" });
        var gatewaySpan = _page.GetByTestId("span-row").Filter(new() { HasText = "gateway: order.submit" });
        for (var attempt = 0; attempt < 50 && (await apiSpan.CountAsync() == 0 || await gatewaySpan.CountAsync() == 0); attempt++)
        {
            await row.Locator("a").ClickAsync();
            await _page.WaitForTimeoutAsync(200);
        }

        await Assertions.Expect(gatewaySpan).ToBeVisibleAsync();
        await Assertions.Expect(apiSpan).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(_page, "dashboard-trace");

        using var api = new HttpClient { BaseAddress = system.DashboardUrl };
        api.DefaultRequestHeaders.Add("x-dashboard-token", new Uri(system.LoginUrl).Query.Split("t=")[1]);
        var spans = await api.GetFromJsonAsync<JsonElement>($"/api/traces/{traceId}");
        var resources = spans.EnumerateArray().Select(s => s.GetProperty("resource").GetString()).ToHashSet();
        Assert.Contains("trading-api", resources);
        Assert.Contains("gateway", resources);
    }
}
