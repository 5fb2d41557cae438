using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// A test class whose every test gets a fresh page (<see cref="Browser.NewPageAsync"/>, 1400×900) in a browser context
/// of its own, of the collection's one headless Chromium (<see cref="Chromium"/>), as Playwright's own <c>PageTest</c>
/// base classes for NUnit and MSTest do (Playwright ships none for xUnit v2). The context is closed after the test; a
/// class that opens a page first (the trading UI, a login) overrides <see cref="InitializeAsync"/> and calls the base
/// first. A page test drives the whole running system in Chromium, so it is in the categories <c>Integration</c> and
/// <c>Browser</c> (xUnit reads traits of base classes; <c>./test.sh --quick</c> leaves both out).
/// </summary>
[Trait("Category", "Integration")]
[Trait("Category", "Browser")]
public abstract class PageTest(Chromium chromium) : IAsyncLifetime
{
    private IPage? _page;

    /// <summary>The test's page; set by <see cref="InitializeAsync"/>.</summary>
    protected IPage Page => _page ?? throw new InvalidOperationException($"{nameof(PageTest)}.{nameof(Page)} is read before {nameof(InitializeAsync)} opened it.");

    public virtual async Task InitializeAsync() => _page = await Browser.NewPageAsync(await chromium.InstanceAsync());

    public async Task DisposeAsync()
    {
        if (_page is not null)
        {
            await _page.Context.CloseAsync();
        }
    }
}
