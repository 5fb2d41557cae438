using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>Headless Debian Chromium driven by Playwright for .NET (its own browser download is not available here).</summary>
internal static class Browser
{
    public static readonly string ArtifactsDirectory = Path.Combine(FindRoot(), "artifacts", "screenshots");

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = File.Exists("/usr/lib/chromium/chromium") ? "/usr/lib/chromium/chromium" : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>
    /// A new page of <paramref name="browser"/> in a browser context of its own (closing the page's context ends both),
    /// with the viewport given or the 1400×900 the browser tests use.
    /// </summary>
    public static Task<IPage> NewPageAsync(IBrowser browser, int width = 1400, int height = 900)
        => browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });

    /// <summary>
    /// Logs in on the trading UI's login form as the Development profile fills it in (the AppHost's generated trader):
    /// one click, then the form is gone.
    /// </summary>
    public static async Task LogInAsync(IPage page)
    {
        await Assertions.Expect(page.GetByTestId("login-password")).Not.ToBeEmptyAsync(new() { Timeout = 20_000 });
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, $"{name}.png"), FullPage = true });
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradingAspire.sln")))
            {
                return directory.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
