using System.Net;
using System.Text.Json;
using Hawiya.Server.Tests.Oidc;

namespace Hawiya.Server.Tests.Abuse;

/// <summary>Per-IP limits on the login pages and the token endpoint; X-Forwarded-For only from trusted proxies.</summary>
[Collection(AbuseCollection.Name)]
public sealed class RateLimitTests(AbuseServer server)
{
    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static async Task<HttpResponseMessage[]> PostManyAsync(HttpClient http, string path, int count, Func<FormUrlEncodedContent> form)
    {
        var responses = new List<HttpResponseMessage>();
        foreach (var batch in Enumerable.Range(0, count).Chunk(25))
        {
            responses.AddRange(await Task.WhenAll(batch.Select(_ => http.PostAsync(path, form()))));
        }

        return [.. responses];
    }

    [Fact]
    public async Task AuthorizePosts_BeyondTheLimit_Are429WithRetryAfterAndAPage()
    {
        using var http = TrustedProxy.Client(server.Issuer, TrustedProxy.NewClientIp());
        var allowed = await PostManyAsync(http, "/connect/authorize", AbuseServer.LoginLimit, () => Form(("client_id", OidcServer.ClientId), ("step", "identify")));
        Assert.DoesNotContain(allowed, r => r.StatusCode == HttpStatusCode.TooManyRequests);

        var refused = await http.PostAsync("/connect/authorize", Form(("client_id", OidcServer.ClientId), ("step", "identify")));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.True(refused.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains(WebUtility.HtmlEncode(Hawiya.Server.Pages.Texts.French["too_many"]), page, StringComparison.Ordinal);
        Oidc.HardenedPage.Assert(Oidc.HardenedPage.Headers(refused), page, "too many requests");

        using var neighbour = TrustedProxy.Client(server.Issuer, TrustedProxy.NewClientIp());
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await neighbour.PostAsync("/connect/authorize", Form(("client_id", OidcServer.ClientId)))).StatusCode);
    }

    [Fact]
    public async Task AuthorizeGet_IsNotCountedAgainstTheLoginPosts()
    {
        using var http = TrustedProxy.Client(server.Issuer, TrustedProxy.NewClientIp());

        var gets = await Task.WhenAll(Enumerable.Range(0, AbuseServer.LoginLimit + 5).Select(_ => http.GetAsync(new AuthorizationRequest(OidcServer.ClientId).Url())));

        Assert.DoesNotContain(gets, r => r.StatusCode == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task UnverifiedProviderRequests_BeyondTheLimit_Are429ForThatAddressOnly()
    {
        // Issue 26, finding 2: what names a provider before it is verified is limited by address.
        using var http = TrustedProxy.Client(server.Issuer, TrustedProxy.NewClientIp());
        var path = $"/connect/authorize?client_id={OidcServer.ClientId}";
        var allowed = new List<HttpResponseMessage>();
        foreach (var batch in Enumerable.Range(0, AbuseServer.UnverifiedLimit).Chunk(25))
        {
            allowed.AddRange(await Task.WhenAll(batch.Select(_ => http.GetAsync(path))));
        }

        var refused = await http.GetAsync(path);
        using var neighbour = TrustedProxy.Client(server.Issuer, TrustedProxy.NewClientIp());
        var other = await neighbour.GetAsync(path);

        Assert.DoesNotContain(allowed, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Theory]
    [InlineData("/app/methods")]
    [InlineData("/citizen/api/profile")]
    public async Task CitizenApis_BeyondTheLimit_Are429(string path)
    {
        // Issue 26, finding 5: the citizen's APIs (which send contact codes) are limited per IP.
        using var http = TrustedProxy.Client(server.Issuer, TrustedProxy.NewClientIp());
        var allowed = await Task.WhenAll(Enumerable.Range(0, AbuseServer.CitizenApisLimit).Select(_ => http.GetAsync(path)));

        var refused = await http.GetAsync(path);

        Assert.DoesNotContain(allowed, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task Token_BeyondTheLimit_Is429WithAnOAuthErrorBody()
    {
        using var http = TrustedProxy.Client(server.Issuer, TrustedProxy.NewClientIp());
        var allowed = await PostManyAsync(http, "/connect/token", AbuseServer.TokenLimit, () => Form(("grant_type", "authorization_code"), ("code", "nothing")));
        Assert.DoesNotContain(allowed, r => r.StatusCode == HttpStatusCode.TooManyRequests);

        var refused = await http.PostAsync("/connect/token", Form(("grant_type", "authorization_code"), ("code", "nothing")));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.CacheControl?.NoStore);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("temporarily_unavailable", body.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error_description").GetString()));
    }

    [Theory]
    [InlineData("/connect/authorize", "/connect/authorize/")]
    [InlineData("/connect/authorize/", "/connect/authorize")]
    [InlineData("/connect/authorize//", "/CONNECT/AUTHORIZE/")]
    // The login pages' own steps share the budget of the authorization endpoint's posts.
    [InlineData("/connect/authorize", "/connect/login")]
    [InlineData("/connect/login", "/connect/authorize")]
    [InlineData("/connect/login", "/connect/login/")]
    public async Task AuthorizePosts_WithATrailingSlash_CountAgainstTheSameLimit(string spentOn, string triedOn)
    {
        using var http = TrustedProxy.Client(server.Issuer, TrustedProxy.NewClientIp());
        var allowed = await PostManyAsync(http, spentOn, AbuseServer.LoginLimit, () => Form(("client_id", OidcServer.ClientId), ("step", "identify")));
        Assert.DoesNotContain(allowed, r => r.StatusCode == HttpStatusCode.TooManyRequests);

        var refused = await http.PostAsync(triedOn, Form(("client_id", OidcServer.ClientId), ("step", "identify")));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task Token_WithATrailingSlash_CountsAgainstTheSameLimitAndAnswersJson()
    {
        using var http = TrustedProxy.Client(server.Issuer, TrustedProxy.NewClientIp());
        var allowed = await PostManyAsync(http, "/connect/token/", AbuseServer.TokenLimit, () => Form(("grant_type", "authorization_code"), ("code", "nothing")));
        Assert.DoesNotContain(allowed, r => r.StatusCode == HttpStatusCode.TooManyRequests);

        var refused = await http.PostAsync("/connect/token", Form(("grant_type", "authorization_code"), ("code", "nothing")));
        var refusedWithSlash = await http.PostAsync("/connect/token/", Form(("grant_type", "authorization_code"), ("code", "nothing")));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedWithSlash.StatusCode);
        Assert.Equal("application/json", refusedWithSlash.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ForwardedFor_FromAnUntrustedAddress_IsIgnored()
    {
        // From 127.0.0.1, not a trusted proxy: a fresh X-Forwarded-For each time gains nothing.
        using var http = new HttpClient { BaseAddress = server.Issuer };
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i <= AbuseServer.TokenLimit; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = Form(("grant_type", "authorization_code"), ("code", "nothing")) };
            request.Headers.Add("X-Forwarded-For", TrustedProxy.NewClientIp());
            responses.Add(await http.SendAsync(request));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, responses[^1].StatusCode);
    }
}
