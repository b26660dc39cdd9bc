using Microsoft.Playwright;

namespace Hawiya.Portal.Tests.Support;

internal static class Navigation
{
    /// <summary>Clicks a button that submits a form, and waits for the page the browser lands on after every redirect.</summary>
    public static async Task ClickAndWaitAsync(this IPage page, ILocator button)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage loadedPage) => loaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            await button.ClickAsync();
            try
            {
                await loaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"No page loaded within 30 s after the click; the browser is at {page.Url}");
            }
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }
}
