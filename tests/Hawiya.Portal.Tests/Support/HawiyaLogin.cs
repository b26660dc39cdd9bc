using Microsoft.Playwright;

namespace Hawiya.Portal.Tests.Support;

/// <summary>
/// Walks Hawiya's login pages in the browser as a citizen would: national number, then the
/// methods in the order given (a password, an SMS code read from the development outbox),
/// then consent, until the browser is sent back to the client.
/// </summary>
public sealed class HawiyaLogin(PortalStack stack, TestCitizen citizen)
{
    /// <summary>The methods chosen, in order, whenever Hawiya asks for one.</summary>
    public string[] Methods { get; init; } = ["Password", "Sms"];

    /// <summary>How many pages of Hawiya were shown (0: single sign-on answered at once).</summary>
    public int PagesSeen { get; private set; }

    public async Task CompleteAsync(IPage page)
    {
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        for (var pages = 0; pages < 12; pages++)
        {
            if (!page.Url.StartsWith(stack.Issuer.ToString(), StringComparison.Ordinal))
            {
                return;
            }

            PagesSeen++;
            var step = await StepAsync(page);
            switch (step)
            {
                case "identify":
                    await page.FillAsync("input[name=national_number]", citizen.Number);
                    await SubmitAsync(page, "form:has(input[name=step][value=identify]) button");
                    break;
                case "method":
                    var method = Methods.First(m => !chosen.Contains(m));
                    chosen.Add(method);
                    await SubmitAsync(page, $"form:has(input[name=method][value={method}]) button");
                    break;
                case "password":
                    await page.FillAsync("input[name=password]", PortalStack.Password);
                    await SubmitAsync(page, "form:has(input[name=step][value=password]) button");
                    break;
                case "code":
                    await page.FillAsync("input[name=code]", await stack.LastSmsCodeAsync(citizen.Phone));
                    await SubmitAsync(page, "form:has(input[name=step][value=code]) button");
                    break;
                case "consent":
                    await SubmitAsync(page, "button[name=decision][value=accept]");
                    break;
                default:
                    Assert.Fail($"Unexpected Hawiya page at {page.Url}: {await page.ContentAsync()}");
                    break;
            }
        }

        Assert.Fail($"The login did not come back to the client; last page {page.Url}");
    }

    private static async Task<string?> StepAsync(IPage page)
    {
        foreach (var step in new[] { "identify", "password", "code", "consent", "method" })
        {
            if (await page.Locator($"input[name=step][value={step}]").CountAsync() > 0)
            {
                return step;
            }
        }

        return null;
    }

    private static Task SubmitAsync(IPage page, string selector) =>
        page.ClickAndWaitAsync(page.Locator(selector).First);
}
