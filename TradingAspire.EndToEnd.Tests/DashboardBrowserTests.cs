using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>The real Aspire dashboard in headless Chromium (Playwright), over the whole running system.</summary>
[Collection(WholeSystem.Name)]
public sealed class DashboardBrowserTests(TelemetrySystem system, Chromium chromium) : PageTest(chromium)
{
    private static readonly string[] LongRunning = ["postgres", "trading", "redis", "gateway", "trading-api", "strategy", "trading-ui"];

    [Fact]
    public async Task Without_the_token_the_dashboard_asks_to_log_in()
    {
        var login = new Uri(await system.LoginUrlAsync());

        await Page.GotoAsync(login.GetLeftPart(UriPartial.Authority));

        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"), new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task After_login_with_the_token_the_resources_page_lists_every_resource_running_and_migrations_finished()
    {
        await Page.GotoAsync(await system.LoginUrlAsync());

        foreach (var resource in LongRunning)
        {
            await Assertions.Expect(ResourceRow(resource)).ToContainTextAsync("Running", new() { Timeout = 30_000 });
        }

        await Assertions.Expect(ResourceRow(TradingSystem.Migrations)).ToContainTextAsync("Finished", new() { Timeout = 30_000 });
        await Browser.ScreenshotAsync(Page, "dashboard-resources");
    }

    /// <summary>
    /// No "No trusted development certificate" banner: the AppHost raises it (an error notification on every page)
    /// when no trusted ASP.NET Core development certificate exists; eng/install-prerequisites.sh creates and trusts
    /// one (<c>dotnet dev-certs https --trust</c>). Checked once the resources page shows the system running, by which
    /// time the AppHost has sent its start-up notifications.
    /// </summary>
    [Fact]
    public async Task The_dashboard_opens_without_the_untrusted_development_certificate_banner()
    {
        await Page.GotoAsync(await system.LoginUrlAsync());
        foreach (var resource in LongRunning)
        {
            await Assertions.Expect(ResourceRow(resource)).ToContainTextAsync("Running", new() { Timeout = 30_000 });
        }

        await Browser.ScreenshotAsync(Page, "dashboard-first-page");
        await Assertions.Expect(Page.GetByText("development certificate")).ToHaveCountAsync(0);
    }

    /// <summary>The resources grid's row whose name cell is <paramref name="resource"/> (its accessible name is "{type}: {name}").</summary>
    private ILocator ResourceRow(string resource)
        => Page.GetByRole(AriaRole.Row).Filter(new()
        {
            Has = Page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^[^:]+: {System.Text.RegularExpressions.Regex.Escape(resource)}$") }),
        });
}
