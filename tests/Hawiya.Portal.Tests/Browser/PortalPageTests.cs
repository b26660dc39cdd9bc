using Microsoft.Playwright;

namespace Hawiya.Portal.Tests.Browser;

/// <summary>A fresh French browser context and page for each test, in the stack's Chromium (started before any test).</summary>
public abstract class PortalPageTests(IBrowser browser) : IAsyncLifetime
{
    private IBrowserContext _context = null!;

    protected IPage Page { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "fr-FR" });
        Page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();
}
