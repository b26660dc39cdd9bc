using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Sessions;

namespace Hawiya.Grains.Tests.Sessions;

/// <summary>What a login session writes, read back from the silo's grain storage.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeferredWriteTests(ClusterFixture fixture)
{
    private static readonly SessionStart Start = new()
    {
        ClientId = "tax-portal",
        RequiredLevel = LevelOfAssurance.Low,
        Scopes = ["openid"],
        AllowedMethods = [AuthMethod.Sms],
        Sector = "tax.example.ma",
    };

    private async Task<AuthSessionState> StoredAsync(IAuthSessionGrain session) =>
        (await StoredAsync<AuthSessionState>("authsession", session)).State ?? new AuthSessionState();

    private async Task<SessionAuthorizationState> StoredAuthorizationAsync(IAuthSessionGrain session) =>
        (await StoredAsync<SessionAuthorizationState>("authorization", session)).State ?? new SessionAuthorizationState();

    private Task<GrainState<T>> StoredAsync<T>(string name, IAuthSessionGrain session)
        where T : new() => fixture.ReadStoredAsync<T>(name, session);

    private static TokenRecord Code(IAuthSessionGrain session, string suffix = "code") => new()
    {
        Id = session.GetPrimaryKeyString() + "." + suffix,
        Type = "authorization_code",
        Status = "valid",
        CreatedAt = ClusterFixture.Time.GetUtcNow(),
        ExpiresAt = ClusterFixture.Time.GetUtcNow().AddMinutes(1),
    };

    private static IAuthSessionGrain NewSession(IGrainFactory grains) =>
        grains.GetGrain<IAuthSessionGrain>("s-" + Guid.NewGuid().ToString("N")[..22]);

    private async Task<string> CitizenWithSmsAsync()
    {
        var key = fixture.Keys.Citizen(ClusterFixture.NewNationalNumber());
        var imported = await fixture.Grains.GetGrain<ICitizenGrain>(key).ImportAsync(new CitizenImport
        {
            Methods = [AuthMethod.Sms],
            Credentials = new CitizenCredentials { Phone = "+212612345678" },
            Activate = true,
        });
        Assert.True(imported.Succeeded);
        return key;
    }

    [Fact]
    public async Task BeginAndIdentify_BeforeTheCode_AreWrittenWithTheIssuedCode()
    {
        var citizenKey = await CitizenWithSmsAsync();
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>("s-" + Guid.NewGuid().ToString("N")[..22]);

        var identified = await session.IdentifyAsync(citizenKey);
        Assert.False(identified.Identified);
        await session.BeginAsync(Start);
        var view = await session.IdentifyAsync(citizenKey);

        // The pages answer from memory at once; storage has nothing yet.
        Assert.True(view.Identified);
        Assert.Equal(SessionStatus.InProgress, view.Status);
        var before = await StoredAsync(session);
        Assert.Null(before.Start);
        Assert.Null(before.CitizenKey);

        var issued = await session.IssueCodeAsync(AuthMethod.Sms);

        // The code the citizen is told to type is durable, and with it what led to it.
        Assert.Equal(ChallengeError.None, issued.Error);
        var after = await StoredAsync(session);
        Assert.Equal(SessionStatus.InProgress, after.Status);
        Assert.Equal("tax-portal", after.Start?.ClientId);
        Assert.Equal(citizenKey, after.CitizenKey);
        Assert.NotNull(after.Challenge);
        Assert.Equal(issued.ExpiresAt, after.Challenge.ExpiresAt);
    }

    [Fact]
    public async Task AuthorizeBeforeCodeAsync_ThenTheCodeEntry_BothWrittenByTheEntry()
    {
        var session = NewSession(fixture.Grains);
        await session.BeginAsync(Start);

        await session.AuthorizeBeforeCodeAsync("pairwise-sub", ["openid", "profile"], ["birthdate"], ClusterFixture.Time.GetUtcNow().AddHours(1));

        Assert.Null((await StoredAuthorizationAsync(session)).Subject);
        Assert.Equal("pairwise-sub", (await session.GetAuthorizationAsync()).Subject);

        var code = await session.AddTokenAsync(Code(session));

        var stored = await StoredAuthorizationAsync(session);
        Assert.Equal("pairwise-sub", stored.Subject);
        Assert.Equal(["openid", "profile"], stored.Scopes);
        Assert.Equal(["birthdate"], stored.Claims);
        Assert.Equal("tax-portal", stored.ClientId);
        Assert.True(stored.Tokens.ContainsKey(code.Id));
        // The login the code came from was deferred too: storage holds it before the code.
        Assert.Equal("tax-portal", (await StoredAsync(session)).Start?.ClientId);
    }

    [Fact]
    public async Task AddCodeAsync_TheGrantTheCodeAndTheRequestTokensRedemption_StoredTogether()
    {
        var session = NewSession(fixture.Grains);
        await session.BeginAsync(Start);
        var requestToken = (await session.AddRequestTokenAsync(Code(session, "request") with { Type = "request_token" }, start: null, beginNow: false)).Token!;
        var redeemed = requestToken with { Status = "redeemed", RedeemedBy = Guid.NewGuid(), Version = requestToken.Version + 1 };
        var grant = new AuthorizationGrant { Subject = "pairwise-sub", Scopes = ["openid", "profile"], Claims = ["birthdate"], TokensUntil = ClusterFixture.Time.GetUtcNow().AddHours(1) };

        var code = await session.AddCodeAsync(Code(session), redeemed, grant);

        Assert.NotNull(code);
        var stored = await StoredAuthorizationAsync(session);
        Assert.Equal("pairwise-sub", stored.Subject);
        Assert.Equal(["openid", "profile"], stored.Scopes);
        Assert.Equal(["birthdate"], stored.Claims);
        Assert.True(stored.Tokens.ContainsKey(code.Id));
        Assert.Equal("redeemed", stored.Tokens[requestToken.Id].Status);
        // A second consent of the same request, carrying its own redemption, records nothing.
        var other = redeemed with { RedeemedBy = Guid.NewGuid() };
        Assert.Null(await session.AddCodeAsync(Code(session, "code2"), other, grant with { Subject = "someone-else" }));
        Assert.Equal("pairwise-sub", (await session.GetAuthorizationAsync()).Subject);
    }

    [Fact]
    public async Task Tokens_IssuedAndRedeemed_RewriteTheAuthorizationOnly()
    {
        var session = NewSession(fixture.Grains);
        await session.BeginAsync(Start);
        await session.AuthorizeAsync("pairwise-sub", ["openid"], claims: null);
        var first = await session.AddTokenAsync(Code(session));
        var loginEtag = (await StoredAsync<AuthSessionState>("authsession", session)).ETag;
        var authorizationEtag = (await StoredAsync<SessionAuthorizationState>("authorization", session)).ETag;

        var held = await session.HoldRedemptionAsync(first, Guid.NewGuid());
        Assert.True(held.Succeeded);
        Assert.NotNull(await session.AddTokenRedeemingAsync(Code(session, "access") with { Type = "access_token" }, held.Current!));
        Assert.True(await session.ConfirmRedemptionAsync(held.Current!));

        Assert.Equal(loginEtag, (await StoredAsync<AuthSessionState>("authsession", session)).ETag);
        Assert.NotEqual(authorizationEtag, (await StoredAsync<SessionAuthorizationState>("authorization", session)).ETag);
        var stored = await StoredAuthorizationAsync(session);
        Assert.Equal("redeemed", stored.Tokens[first.Id].Status);
        Assert.True(stored.Tokens.ContainsKey(session.GetPrimaryKeyString() + ".access"));
    }

    [Fact]
    public async Task AuthorizeAsync_OutsideTheLoginFlow_IsWrittenAtOnce()
    {
        var session = NewSession(fixture.Grains);

        await session.AuthorizeAsync("pairwise-sub", ["openid"], claims: null);

        Assert.Equal("pairwise-sub", (await StoredAuthorizationAsync(session)).Subject);
    }

    [Fact]
    public async Task LegacySession_WithItsTokensInTheLoginState_IsMovedOnActivation()
    {
        var session = NewSession(fixture.Grains);
        var code = Code(session) with { Version = 1 };
        var legacy = new AuthSessionState
        {
            Status = SessionStatus.Authenticated,
            Start = Start,
            CreatedAt = ClusterFixture.Time.GetUtcNow(),
            LegacySubject = "pairwise-sub",
            LegacyAuthorizedScopes = ["openid", "profile"],
            LegacyAuthorizedClaims = ["birthdate"],
            LegacyTokens = new() { [code.Id] = code },
        };
        await fixture.WriteStoredAsync("authsession", session, legacy);

        var found = await session.GetTokenAsync(code.Id);
        var authorizationView = await session.GetAuthorizationAsync();

        Assert.Equal(code.Id, found?.Id);
        Assert.Equal("pairwise-sub", authorizationView.Subject);
        Assert.Equal("tax-portal", authorizationView.ClientId);
        Assert.False(authorizationView.Revoked);
        var moved = await StoredAuthorizationAsync(session);
        Assert.Equal(["openid", "profile"], moved.Scopes);
        Assert.Equal(["birthdate"], moved.Claims);
        Assert.True(moved.Tokens.ContainsKey(code.Id));
        var login = await StoredAsync(session);
        Assert.Null(login.LegacyTokens);
        Assert.Null(login.LegacySubject);
        Assert.Equal(SessionStatus.Authenticated, login.Status);
    }

    [Fact]
    public async Task Revocation_StoppedBetweenItsTwoWrites_IsCompletedOnActivation()
    {
        var session = NewSession(fixture.Grains);
        await fixture.WriteStoredAsync("authsession", session, new AuthSessionState { Status = SessionStatus.Authenticated, Start = Start, CreatedAt = ClusterFixture.Time.GetUtcNow() });
        await fixture.WriteStoredAsync("authorization", session, new SessionAuthorizationState { Subject = "pairwise-sub", Revoked = true });

        Assert.Equal(SessionStatus.Revoked, (await session.GetAsync()).Status);
        Assert.True((await session.GetAuthorizationAsync()).Revoked);
        // Nothing more is issued from it.
        Assert.Equal("revoked", (await session.AddTokenAsync(Code(session))).Status);
    }

    [Fact]
    public async Task BeginAsync_ActivationCollectedBeforeAnyWrite_KeepsTheStart()
    {
        var session = NewSession(fixture.Grains);
        await session.BeginAsync(Start);

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.Equal("tax-portal", (await StoredAsync(session)).Start?.ClientId);
        Assert.Equal("tax-portal", (await session.GetAsync()).Start?.ClientId);
    }

    [Fact]
    public async Task AddRequestTokenAsync_ThenTheCodeRedeemingIt_OneAuthorizationWrite()
    {
        var session = NewSession(fixture.Grains);
        var request = (await session.AddRequestTokenAsync(Code(session, "request") with { Type = "request_token" }, start: null, beginNow: false)).Token!;

        // The request_uri answers the provider at once; storage has nothing yet.
        Assert.Null((await StoredAsync<SessionAuthorizationState>("authorization", session)).ETag);
        Assert.Equal(request.Id, (await session.GetTokenAsync(request.Id))?.Id);

        await session.BeginAsync(Start);
        await session.AuthorizeBeforeCodeAsync("pairwise-sub", ["openid"], [], ClusterFixture.Time.GetUtcNow().AddHours(1));
        var held = await session.HoldRedemptionAsync(request, Guid.NewGuid());
        var code = await session.AddTokenRedeemingAsync(Code(session), held.Current!);

        // The code's write carries the request token, its redemption and the authorization.
        var stored = await StoredAuthorizationAsync(session);
        Assert.Equal("redeemed", stored.Tokens[request.Id].Status);
        Assert.True(stored.Tokens.ContainsKey(code!.Id));
        Assert.Equal("pairwise-sub", stored.Subject);
    }

    [Fact]
    public async Task AddRequestTokenAsync_ActivationCollected_KeepsTheRequestToken()
    {
        var session = NewSession(fixture.Grains);
        var request = (await session.AddRequestTokenAsync(Code(session, "request") with { Type = "request_token" }, start: null, beginNow: false)).Token!;

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.True((await StoredAuthorizationAsync(session)).Tokens.ContainsKey(request.Id));
        Assert.Equal("valid", (await session.GetTokenAsync(request.Id))?.Status);
    }

    [Fact]
    public async Task AddRequestTokenAsync_WithItsStartFromTheBrowser_BeginsTheLoginInTheSameCallAndWritesNothing()
    {
        var session = NewSession(fixture.Grains);

        var added = await session.AddRequestTokenAsync(RequestToken(session), Start, beginNow: true);

        Assert.True(added.BegunNow);
        Assert.Equal(SessionStatus.InProgress, added.Session.Status);
        Assert.Equal("tax-portal", added.Session.Start?.ClientId);
        // The start is deferred with the login, as BeginAsync's is: the page answers before any write.
        Assert.Null((await StoredAsync<AuthSessionState>("authsession", session)).ETag);
        Assert.False((await session.FindTokenWithSessionAsync("request-reference")).BegunNow);
    }

    [Fact]
    public async Task AddRequestTokenAsync_PushedWithItsStart_BeginsAtTheFirstLookUpOnly()
    {
        var session = NewSession(fixture.Grains);
        var added = await session.AddRequestTokenAsync(RequestToken(session), Start, beginNow: false);
        Assert.False(added.BegunNow);
        Assert.Null(added.Session.Start);

        // The activation may end before the browser comes: the start is kept with the request token.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var first = await session.FindTokenWithSessionAsync("request-reference");
        var second = await session.FindTokenWithSessionAsync("request-reference");

        Assert.True(first.BegunNow);
        Assert.Equal("tax-portal", first.Session.Start?.ClientId);
        Assert.Equal(SessionStatus.InProgress, first.Session.Status);
        Assert.False(second.BegunNow);
        Assert.Equal("tax-portal", second.Session.Start?.ClientId);
    }

    [Fact]
    public async Task FindTokenWithSessionAsync_AnUnknownReference_DoesNotBeginThePushedLogin()
    {
        var session = NewSession(fixture.Grains);
        await session.AddRequestTokenAsync(RequestToken(session), Start, beginNow: false);

        var wrong = await session.FindTokenWithSessionAsync("another-reference");

        Assert.Null(wrong.Token);
        Assert.False(wrong.BegunNow);
        Assert.Null(wrong.Session.Start);
        Assert.True((await session.FindTokenWithSessionAsync("request-reference")).BegunNow);
    }

    private static TokenRecord RequestToken(IAuthSessionGrain session) =>
        Code(session, "request") with { Type = "request_token", ReferenceHash = "request-reference" };
}
