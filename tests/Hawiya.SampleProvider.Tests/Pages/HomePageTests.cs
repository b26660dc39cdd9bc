using System.Net;
using Hawiya.SampleProvider.Tests.Support;

namespace Hawiya.SampleProvider.Tests.Pages;

public sealed class HomePageTests(ProviderFixture fixture) : IClassFixture<ProviderFixture>
{
    [Fact]
    public async Task Home_Anonymous_RendersSignInButton()
    {
        using var browser = fixture.Factory.CreateBrowser();

        using var response = await browser.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<a class=\"button hawiya\" href=\"/login\">Se connecter avec Hawiya</a>", html, StringComparison.Ordinal);
        Assert.Contains("Portail des impôts", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_Anonymous_IsFrenchPhoneReadableAndScriptFree()
    {
        using var browser = fixture.Factory.CreateBrowser();

        using var response = await browser.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\" content=\"width=device-width, initial-scale=1\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Stylesheet_Requested_ServedAsCss()
    {
        using var browser = fixture.Factory.CreateBrowser();

        using var response = await browser.GetAsync("/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownPath_Requested_FriendlyNotFoundPage()
    {
        using var browser = fixture.Factory.CreateBrowser();

        using var response = await browser.GetAsync("/nulle-part");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page introuvable", html, StringComparison.Ordinal);
    }
}
