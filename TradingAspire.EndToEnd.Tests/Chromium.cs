using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// One headless Chromium (<see cref="Browser.LaunchAsync"/>) for the page tests of the <see cref="WholeSystem"/>
/// collection: launched once when the collection starts and closed when it ends, as Playwright's own NUnit and MSTest
/// base classes keep one browser per worker. Every test opens its pages in a browser context of its own
/// (<see cref="Browser.NewPageAsync"/>), so cookies, storage and Playwright's clock are never shared between tests.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running browser; set by <see cref="InitializeAsync"/>.</summary>
    public IBrowser Instance => _browser ?? throw new InvalidOperationException($"{nameof(Chromium)} is used before xunit launched it.");

    public async Task InitializeAsync() => (_playwright, _browser) = await Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
