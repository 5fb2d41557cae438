using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// One headless Chromium (<see cref="Browser.LaunchAsync"/>) for the page tests of the <see cref="WholeSystem"/>
/// collection: launched by the first page test that asks for it and closed when the collection ends, as Playwright's own
/// NUnit and MSTest base classes keep one browser per worker. Launched on first use, not when the collection starts, so
/// a browser that cannot start fails the page tests only, not the collection's API tests. Every test opens its pages in
/// a browser context of its own (<see cref="Browser.NewPageAsync"/>), so cookies, storage and Playwright's clock are
/// never shared between tests.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private readonly Lazy<Task<(IPlaywright Playwright, IBrowser Browser)>> _launch = new(Browser.LaunchAsync);

    /// <summary>The running browser, launched by the first call; a failed launch fails every call with its exception.</summary>
    public async Task<IBrowser> InstanceAsync() => (await _launch.Value).Browser;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (!_launch.IsValueCreated)
        {
            return;
        }

        (IPlaywright Playwright, IBrowser Browser) launched;
        try
        {
            launched = await _launch.Value; // a launch still under way (a test aborted while it ran) is awaited, then closed
        }
        catch (Exception)
        {
            return; // never launched: the page tests that asked for it failed with this exception
        }

        await launched.Browser.DisposeAsync();
        launched.Playwright.Dispose();
    }
}
