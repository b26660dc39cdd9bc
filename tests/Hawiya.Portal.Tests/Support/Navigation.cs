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
            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }
}
