using System.Net;
using System.Text.Json;
using Hawiya.Server.Hosting;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Hosting;

/// <summary>A request the server cannot read gets the protocol's 4xx, never a 500.</summary>
[Collection(OidcCollection.Name)]
public sealed class UnreadableRequestTests(OidcServer server)
{
    [Theory]
    [InlineData("/connect/token")]
    [InlineData("/connect/par")]
    public async Task Post_AFiveMegabyteForm_413InvalidRequestAsOAuthJson(string path)
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        var form = new FormUrlEncodedContent([new("grant_type", "authorization_code"), new("code", new string('a', 5 * 1024 * 1024))]);

        using var response = await http.PostAsync(path, form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request", body.RootElement.GetProperty("error").GetString());
        Assert.Null(response.Headers.RetryAfter);
    }
}

/// <summary>
/// PostgreSQL unreachable (the relay in front of it cut): what needs storage answers 503 with
/// Retry-After in the protocol's shape, quickly, and the silo serves again once it is back.
/// </summary>
[Collection(StorageFaultCollection.Name)]
public sealed class StorageFaultTests(StorageFaultServer server)
{
    [Fact]
    public async Task PushedRequest_DatabaseUnreachable_503TemporarilyUnavailableWithRetryAfter_ThenServedOnceItIsBack()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using (var ready = await PushAsync(http))
        {
            Assert.Equal(HttpStatusCode.Created, ready.StatusCode);
        }

        server.Database.Cut();
        try
        {
            // A new login is a new session grain: its activation reads its state from PostgreSQL.
            using var response = await PushAsync(http);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            var text = await response.Content.ReadAsStringAsync();
            using var body = JsonDocument.Parse(text);
            Assert.Equal("temporarily_unavailable", body.RootElement.GetProperty("error").GetString());
            Assert.DoesNotContain("   at ", text);
            Assert.DoesNotContain("Npgsql", text);
        }
        finally
        {
            server.Database.Restore();
        }

        await WaitUntilReadyAsync(http);
        using var again = await PushAsync(http);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task Readiness_DatabaseUnreachable_503AndTheCircuitTurnsStorageRequestsAway_ThenServesAgainWithoutARestart()
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        var circuit = server.Services.GetRequiredService<StorageCircuit>();
        await WaitUntilReadyAsync(http);

        server.Database.Cut();
        try
        {
            // The balancer's check is what notices an outage when no request comes in.
            using var ready = await http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(circuit.IsOpen);

            // Turned away by the circuit before anything tries a connection: its own description.
            using var response = await PushAsync(http);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("temporarily_unavailable", body.RootElement.GetProperty("error").GetString());
            Assert.Contains("storage just now", body.RootElement.GetProperty("error_description").GetString());

            // Served from memory, outage or not.
            using var discovery = await http.GetAsync("/.well-known/openid-configuration");
            Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
        }
        finally
        {
            server.Database.Restore();
        }

        await WaitUntilReadyAsync(http);
        Assert.False(circuit.IsOpen);
        using var again = await PushAsync(http);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    /// <summary>Readiness polled until it answers 200; the bound only keeps a broken recovery from hanging the run.</summary>
    private static async Task WaitUntilReadyAsync(HttpClient http)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var ready = await http.GetAsync("/health/ready", bound.Token);
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100, bound.Token);
        }
    }

    private static async Task<HttpResponseMessage> PushAsync(HttpClient http)
    {
        var form = new AuthorizationRequest(OidcServer.ClientId).Parameters().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/par") { Content = new FormUrlEncodedContent(form) };
        // RFC 6749 §2.3.1: client_secret_basic.
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{OidcServer.ClientId}:{Uri.EscapeDataString(OidcServer.ClientSecret)}")));
        return await http.SendAsync(request);
    }
}
