using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hawiya.Contracts.Common;
using Hawiya.Grains.Citizens;
using Hawiya.Server.Operators;
using Hawiya.Server.Tests.Oidc;
using Hawiya.Server.Unicity;
using Orleans.Runtime.Placement;

namespace Hawiya.Server.Tests.Hosting;

/// <summary>
/// A silo killed (SIGKILL of its process) while votes and logins are in flight on the one left:
/// votes count exactly once, nothing acknowledged is lost (codes and refresh tokens issued
/// before the kill redeem once, votes acknowledged before it are counted), no request gets a
/// 500, and the survivor serves new logins and votes once it has declared the silo dead.
/// </summary>
[Collection(SiloLossCollection.Name)]
public sealed class SiloLossTests(SiloLossServer server)
{
    private const int Voters = 16;
    private const string Context = "silo-loss-poll";


    [Fact]
    public async Task KillASilo_VotesAndLoginsInFlight_VotesExactlyOnceNothingAcknowledgedLostAndTheSurvivorServes()
    {
        var pollSite = await NewPollSiteAsync();
        using var back = new OidcClient(server);

        // Before the kill: voters logged in, half of them voted (acknowledged), logins whose code
        // or refresh token is not used yet. Their grains are placed on either silo.
        var citizens = await CitizensOnOtherSiloAsync(Voters);
        var voters = await Task.WhenAll(citizens.Select(c => AccessTokenAsync(pollSite, c.Number)));
        var acknowledged = new Dictionary<int, (string Key, string Pseudonym)>();
        for (var i = 0; i < Voters / 2; i++)
        {
            var (status, answer, _) = await VoteAsync(voters[i], "before-" + i);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("first", answer.GetProperty("status").GetString());
            acknowledged[i] = ("before-" + i, answer.GetProperty("pseudonym").GetString()!);
        }

        var codes = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => await Login.CodeAsync(server, (await server.NewCitizenAsync()).Number)));
        var refreshTokens = new List<string>();
        foreach (var (code, request, browser) in codes[..2])
        {
            browser.Dispose();
            var (status, tokens) = await back.RedeemAsync(code, request);
            Assert.Equal(HttpStatusCode.OK, status);
            refreshTokens.Add(tokens.GetProperty("refresh_token").GetString()!);
        }

        // Each vote calls its citizen's grain, which lives on the silo about to die; placement put
        // the rest (sessions, participations, codes) where it chose.
        var onOtherSilo = await server.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics([server.OtherSilo!]);
        Assert.Contains(onOtherSilo, s => s.GrainType.StartsWith(typeof(CitizenGrain).FullName + ",", StringComparison.Ordinal) && s.ActivationCount >= Voters);

        // In flight: every voter votes (a repeat for those who voted, a first for the others),
        // each at its own moment in the next two seconds, and new citizens log in, while the
        // other silo dies.
        var votes = Enumerable.Range(0, Voters).Select(async i =>
        {
            await Task.Delay(i * 2000 / Voters);
            return (Voter: i, Key: "during-" + i, Answer: await VoteAsync(voters[i], "during-" + i));
        }).ToList();
        var newcomers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => server.NewCitizenAsync()));
        var logins = newcomers[1..].Select(async citizen =>
        {
            try
            {
                var (code, request, browser) = await Login.CodeAsync(server, citizen.Number);
                browser.Dispose();
                return (await back.RedeemAsync(code, request)).Status;
            }
            catch (Exception e) when (e is HttpRequestException or Xunit.Sdk.XunitException)
            {
                // A login step that met the lost silo answers 503; the page walk stops there.
                return HttpStatusCode.ServiceUnavailable;
            }
        }).ToList();
        await Task.Delay(300);
        server.KillOtherSilo();
        var duringVotes = await Task.WhenAll(votes);
        var duringLogins = await Task.WhenAll(logins);

        // Never a 500: a vote is answered, or refused for now with Retry-After; a login too.
        Assert.All(duringVotes, v => Assert.True(v.Answer.Status is HttpStatusCode.OK
            || (v.Answer.Status == HttpStatusCode.ServiceUnavailable && v.Answer.RetryAfter is not null), $"vote {v.Voter}: {v.Answer.Status}"));
        Assert.All(duringLogins, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"login: {status}"));

        // The survivor serves new logins and votes once it has declared the other silo dead (the
        // bound only keeps a broken recovery from hanging the run).
        string? latecomer = null;
        await ServedWithinAsync(async () =>
        {
            latecomer ??= await AccessTokenAsync(pollSite, newcomers[0].Number);
            return (await VoteAsync(latecomer, "after")).Status == HttpStatusCode.OK;
        });

        // A vote that was refused for now is retried as its client would: the same request key.
        var answers = new Dictionary<int, List<(string Key, string Status, string Pseudonym)>>();
        foreach (var (voter, key, answer) in duringVotes)
        {
            var (status, body, _) = answer.Status == HttpStatusCode.OK ? answer : await VoteAsync(voters[voter], key);
            Assert.Equal(HttpStatusCode.OK, status);
            answers[voter] = [(key, body.GetProperty("status").GetString()!, body.GetProperty("pseudonym").GetString()!)];
        }

        // Exactly once: one first per voter, whichever side of the kill; the request that won it
        // gets first again, any other request repeat, all with the one pseudonym.
        for (var i = 0; i < Voters; i++)
        {
            var (firstKey, pseudonym) = acknowledged.TryGetValue(i, out var before) ? before : (answers[i][0].Key, answers[i][0].Pseudonym);
            Assert.Equal(acknowledged.ContainsKey(i) ? "repeat" : "first", answers[i][0].Status);
            var (_, again, _) = await VoteAsync(voters[i], firstKey);
            var (_, other, _) = await VoteAsync(voters[i], "later-" + i);
            Assert.Equal("first", again.GetProperty("status").GetString());
            Assert.Equal("repeat", other.GetProperty("status").GetString());
            Assert.Equal(pseudonym, again.GetProperty("pseudonym").GetString());
            Assert.Equal(pseudonym, other.GetProperty("pseudonym").GetString());
        }

        // The voters, and the citizen whose vote the survivor served after the kill.
        using (var context = await pollSite.Http.GetAsync(UnicityEndpoints.ContextsPath + "/" + Context))
        {
            var view = JsonDocument.Parse(await context.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(Voters + 1, view.GetProperty("participants").GetInt64());
        }

        // Acknowledged before the kill, still there once: the code, then each refresh token.
        var (unused, unusedRequest, unusedBrowser) = codes[2];
        unusedBrowser.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await back.RedeemAsync(unused, unusedRequest)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await back.RedeemAsync(unused, unusedRequest)).Status);
        foreach (var refreshToken in refreshTokens)
        {
            Assert.Equal(HttpStatusCode.OK, (await back.RefreshAsync(refreshToken)).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await back.RefreshAsync(refreshToken)).Status);
        }
    }

    /// <summary>Citizens whose grains are placed on the other silo (Orleans' placement hint on the calls that activate them).</summary>
    private async Task<TestCitizen[]> CitizensOnOtherSiloAsync(int count)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, server.OtherSilo!);
        try
        {
            return await Task.WhenAll(Enumerable.Range(0, count).Select(_ => server.NewCitizenAsync()));
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private static async Task ServedWithinAsync(Func<Task<bool>> served)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if (await served())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or Xunit.Sdk.XunitException && !bound.IsCancellationRequested)
            {
                // Not served yet.
            }

            await Task.Delay(250, bound.Token);
        }
    }

    private async Task<PollSite> NewPollSiteAsync()
    {
        var clientId = "poll-" + Guid.NewGuid().ToString("N")[..10];
        var report = await server.Seeding.SeedProvidersAsync(
        [
            new ProviderSeed(clientId, "Consultation " + clientId, [OidcServer.RedirectUri], ["openid"],
                [AuthMethod.Password], Sector: clientId + ".example.ma", ClientSecret: OidcServer.ClientSecret, Unicity: true),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
        using var client = new OidcClient(server, clientId);
        var (status, tokens) = await client.PostAsync("/connect/token", new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        Assert.Equal(HttpStatusCode.OK, status);
        var site = new PollSite(clientId, new HttpClient { BaseAddress = server.Issuer });
        site.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        using var registered = await site.Http.PostAsJsonAsync(UnicityEndpoints.ContextsPath, new { context = Context, label = "Poll" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return site;
    }

    private async Task<string> AccessTokenAsync(PollSite site, string number)
    {
        var request = new AuthorizationRequest(site.ClientId, "openid");
        var (code, _, browser) = await Login.CodeAsync(server, number, request);
        browser.Dispose();
        using var client = new OidcClient(server, site.ClientId);
        var (status, tokens) = await client.RedeemAsync(code, request);
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens.GetProperty("access_token").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, RetryConditionHeaderValue? RetryAfter)> VoteAsync(string accessToken, string idempotencyKey)
    {
        using var http = new HttpClient { BaseAddress = server.Issuer };
        using var request = new HttpRequestMessage(HttpMethod.Post, UnicityEndpoints.ParticipationsPath) { Content = JsonContent.Create(new { context = Context }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Add(UnicityEndpoints.IdempotencyKeyHeader, idempotencyKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Headers.RetryAfter);
    }

    private sealed record PollSite(string ClientId, HttpClient Http);
}
