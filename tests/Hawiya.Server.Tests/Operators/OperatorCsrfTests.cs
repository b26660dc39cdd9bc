using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hawiya.Server.Tests.Operators;

/// <summary>
/// Issue 26, finding 6: a page elsewhere makes an operator's browser post a form to the
/// operator API with the Basic credentials the browser cached. Basic opens the views only;
/// every change takes the Bearer token, which a browser never adds by itself.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OperatorCsrfTests(ServerFactory server)
{
    [Fact]
    public async Task SuspendCard_CrossSiteFormWithCachedBasic_Refused401AndTheCardStaysActive()
    {
        var cardNumber = await CardOperatorApiTests.SeedCardAsync(server.OperatorClient());
        using var browser = OperatorBrowser();

        using var response = await browser.SendAsync(CrossSiteForm($"/operator/cards/{cardNumber}/suspend"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var card = await server.OperatorClient().GetFromJsonAsync<JsonElement>($"/operator/cards/{cardNumber}");
        Assert.Equal("Active", card.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReinstateProvider_CrossSiteFormWithCachedBasic_Refused401AndTheProviderStaysSuspended()
    {
        var clientId = await SuspendedProviderAsync();
        using var browser = OperatorBrowser();

        using var response = await browser.SendAsync(CrossSiteForm($"/operator/providers/{clientId}/reinstate"));
        using var accredit = await browser.SendAsync(CrossSiteForm($"/operator/providers/{clientId}/accredit"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, accredit.StatusCode);
        var provider = await server.OperatorClient().GetFromJsonAsync<JsonElement>($"/operator/providers/{clientId}");
        Assert.Equal("Suspended", provider.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ProviderView_BasicCredentials_StillReadable()
    {
        var clientId = await SuspendedProviderAsync();
        using var browser = OperatorBrowser();

        using var response = await browser.GetAsync($"/operator/providers/{clientId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SuspendCard_BearerToken_Accepted()
    {
        var cardNumber = await CardOperatorApiTests.SeedCardAsync(server.OperatorClient());

        using var response = await server.OperatorClient().PostAsync($"/operator/cards/{cardNumber}/suspend", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>An operator's browser: it sends the Basic credentials it cached with every request to the origin.</summary>
    private HttpClient OperatorBrowser()
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = ServerFactory.Basic("operator", ServerFactory.OperatorToken);
        return client;
    }

    /// <summary>What an auto-submitting form on another site sends: a simple request (no preflight), another origin.</summary>
    private static HttpRequestMessage CrossSiteForm(string path) => new(HttpMethod.Post, path)
    {
        Content = new FormUrlEncodedContent([]),
        Headers = { { "Origin", "https://evil.example" } },
    };

    private async Task<string> SuspendedProviderAsync()
    {
        var client = server.OperatorClient();
        var clientId = "sp-" + Guid.NewGuid().ToString("N");
        var seeded = await client.PostAsJsonAsync("/operator/providers", new[]
        {
            new
            {
                clientId,
                displayName = "Mairie",
                redirectUris = new[] { "https://mairie.example/cb" },
                allowedScopes = new[] { "openid" },
                allowedMethods = new[] { "Sms" },
                sector = "mairie.example",
                clientSecret = "a-long-random-client-secret-value",
            },
        });
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        using var suspended = await client.PostAsJsonAsync($"/operator/providers/{clientId}/suspend", new { reason = "audit" });
        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        return clientId;
    }
}
