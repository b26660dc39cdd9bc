using System.Net;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>The same server, counting every grain call its silo receives (the diagnostic census).</summary>
public sealed class CensusOidcServer : OidcServer
{
    public GrainCallCensus Census => Services.GetRequiredService<GrainCallCensus>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(GrainCallCensus.Setting, "true");
    }
}

[CollectionDefinition(Name)]
public sealed class CensusCollection : ICollectionFixture<CensusOidcServer>
{
    public const string Name = "oidc-census";
}

/// <summary>
/// The work a login costs, counted: a call removed from the login path stays removed. Counts, not
/// timings (docs/benchmarks.md has the timings).
/// </summary>
[Collection(CensusCollection.Name)]
public sealed class LoginWorkTests(CensusOidcServer server, ITestOutputHelper output)
{
    private static readonly string Session = typeof(IAuthSessionGrain).FullName!;
    private static readonly string Citizen = typeof(ICitizenGrain).FullName!;
    private static readonly string Provider = typeof(Hawiya.Contracts.Providers.IServiceProviderGrain).FullName!;

    [Fact]
    public async Task SmsLogin_TheSessionIsReadWithItsTokens_NotAgain()
    {
        // A first login warms what each silo keeps (the provider's copy, its quota, its name for
        // alerts), as a peak finds them: the second is the one counted.
        await SmsLoginAsync();
        var all = server.Census.Snapshot();
        var writesBefore = await WritesByStateAsync();
        var before = Calls();
        var citizenBefore = Calls(Citizen);
        var providerBefore = Calls(Provider);

        var pages = await SmsLoginAsync();

        var after = Calls();
        // The browser's requests: the authorization request (answered with the identify page),
        // identify, SMS, code, consent; the redirect back to the client is not Hawiya's.
        Assert.Equal(5, pages);
        var citizenAfter = Calls(Citizen);
        WriteCensus(all, server.Census.Snapshot());
        var writes = Difference(await WritesByStateAsync(), writesBefore);
        output.WriteLine($"storage writes in one SMS login: {writes.Values.Sum()}");
        foreach (var (state, count) in writes.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {count,3}  {state}");
        }
        int Made(string method) => (int)(after.GetValueOrDefault(method) - before.GetValueOrDefault(method));
        // The first authorization request stores its request token with the login's start (no
        // call to begin it) and answers with the identify page (no redirection to its request_uri,
        // no look-up of what it just stored); the later visits (the code, the consent) and the
        // token endpoint look the request token or the code up once, with the session in the same call.
        Assert.Equal(3, Made("FindTokenWithSessionAsync"));
        Assert.Equal(0, Made("BeginAsync"));
        // The session is never read alone: the two login pages (identify, a code by SMS) make
        // their step's call first and render from the session it answers with, and the
        // authorization endpoint reuses the view read with the request token.
        Assert.Equal(0, Made("GetAsync"));
        // The token endpoint checks the code's authorization as read with the code; userinfo reads
        // the access token's authorization and the session in one call, and answers from that view.
        Assert.Equal(0, Made("GetAuthorizationAsync"));
        Assert.Equal(1, Made("GetAuthorizationWithSessionAsync"));
        // A new entry's reference is minted here and needs no look-up to be known unique. The
        // request token is kept in memory and written with the code, which carries its
        // redemption in the same call (none of its own); the code's redemption, which no refresh
        // token replaces here, is written as OpenIddict redeems it, in one call.
        Assert.Equal(1, Made("AddRequestTokenAsync"));
        // The code's call also records what the citizen authorized (no call of its own).
        Assert.Equal(1, Made("AddCodeAsync"));
        Assert.Equal(0, Made("AuthorizeBeforeCodeAsync"));
        Assert.Equal(0, Made("AddTokenRedeemingAsync"));
        Assert.Equal(0, Made("HoldRedemptionAsync"));
        Assert.Equal(1, Made("UpdateTokenAsync"));
        Assert.Equal(0, Made("ConfirmRedemptionAsync"));
        Assert.Equal(0, Made("AddTokenAsync"));
        int CitizenMade(string method) => (int)(citizenAfter.GetValueOrDefault(method) - citizenBefore.GetValueOrDefault(method));
        // The code's answer, in one citizen call: the lock checked, the success counted, the
        // session listed (for single sign-on's eight hours; the tokens issued after live no
        // longer, so they need no call), and what the provider may be given, read for the
        // consent check and the code. The one other read is userinfo's.
        Assert.Equal(1, CitizenMade("RecordCodeAnswerAsync"));
        Assert.Equal(0, CitizenMade("AddSessionAsync"));
        Assert.Equal(0, CitizenMade("RecordSuccessAsync"));
        Assert.Equal(1, CitizenMade("GetReleaseAsync"));
        // The provider is this silo's copy (ProviderSnapshots), not a grain call at each of the five
        // requests OpenIddict validates (the clock here stands still, so the copy lasts).
        Assert.Equal(0, Calls(Provider).GetValueOrDefault("GetAsync") - providerBefore.GetValueOrDefault("GetAsync"));
    }

    [Fact]
    public async Task PasswordLogin_TheCitizenListsTheSessionAndAnswersTheReleaseWithTheCheck()
    {
        await PasswordLoginAsync();
        var before = Calls(Citizen);

        await PasswordLoginAsync();

        var after = Calls(Citizen);
        int Made(string method) => (int)(after.GetValueOrDefault(method) - before.GetValueOrDefault(method));
        Assert.Equal(1, Made("VerifyPasswordAsync"));
        Assert.Equal(0, Made("AddSessionAsync"));
        // Userinfo's read only: the consent check and the code use what the check answered.
        Assert.Equal(1, Made("GetReleaseAsync"));
    }

    private async Task PasswordLoginAsync()
    {
        var citizen = await server.NewCitizenAsync();
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number, new AuthorizationRequest(OidcServer.ClientId, "openid profile email"));
        using var _ = browser;
        using var client = new OidcClient(server);
        var (status, tokens) = await client.RedeemAsync(code, request);
        Assert.Equal(HttpStatusCode.OK, status);
        var (userInfo, _) = await client.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, userInfo);
    }

    private async Task<int> SmsLoginAsync()
    {
        var citizen = await server.NewCitizenAsync();
        // As the load tool's peak-login asks: no offline_access, so no refresh token.
        var request = new AuthorizationRequest(OidcServer.ClientId, "openid profile email");
        using var browser = new Browser(server.Issuer);
        await browser.OpenAsync(request.Url());
        await browser.PostStepAsync("identify", ("national_number", citizen.Number));
        var stop = await Login.WithSmsAsync(browser, server, citizen.Phone);
        using var client = new OidcClient(server);
        var (status, tokens) = await client.RedeemAsync(stop.Query["code"], request);
        Assert.Equal(HttpStatusCode.OK, status);
        var (userInfo, _) = await client.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, userInfo);
        return browser.Requests;
    }

    /// <summary>The counted login's calls, by grain and method, in the test's output.</summary>
    private void WriteCensus(IReadOnlyList<GrainCallCount> before, IReadOnlyList<GrainCallCount> after)
    {
        var earlier = before.ToDictionary(c => (c.Interface, c.Method), c => c.Calls);
        var made = after
            .Select(c => (c.Interface, c.Method, Calls: c.Calls - earlier.GetValueOrDefault((c.Interface, c.Method))))
            .Where(c => c.Calls > 0)
            .OrderBy(c => c.Interface).ThenBy(c => c.Method)
            .ToArray();
        output.WriteLine($"grain calls in one SMS login: {made.Sum(c => c.Calls)}");
        foreach (var c in made)
            output.WriteLine($"  {c.Calls,3}  {c.Interface.Split('.')[^1]}.{c.Method}");
    }

    /// <summary>
    /// Every write Orleans made of this server's grain states so far, by state name: each write
    /// adds one to its row's version (infra/db/003_orleans_persistence.sql). Deferred writes
    /// still owed by live activations are not counted until they happen.
    /// </summary>
    private async Task<Dictionary<string, long>> WritesByStateAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT state_name, sum(version)::bigint FROM orleans_grain_state WHERE service_id = @service GROUP BY state_name", connection);
        command.Parameters.AddWithValue("service", server.ServiceId);
        var writes = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            writes[reader.GetString(0)] = reader.GetInt64(1);
        }

        return writes;
    }

    private static Dictionary<string, long> Difference(Dictionary<string, long> after, Dictionary<string, long> before) => after
        .Select(w => (w.Key, Count: w.Value - before.GetValueOrDefault(w.Key)))
        .Where(w => w.Count > 0)
        .ToDictionary(w => w.Key, w => w.Count, StringComparer.Ordinal);

    private Dictionary<string, long> Calls(string? grainInterface = null) => server.Census.Snapshot()
        .Where(c => c.Interface == (grainInterface ?? Session))
        .ToDictionary(c => c.Method, c => c.Calls);
}
