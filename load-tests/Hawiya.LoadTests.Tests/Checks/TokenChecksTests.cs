using Hawiya.LoadTests.Checks;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.LoadTests.Tests.Checks;

public sealed class TokenChecksTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TokenFactory _platform = new();
    private readonly TokenChecks _checks;

    public TokenChecksTests() =>
        _checks = new TokenChecks(TokenFactory.Issuer, JwksCache.Fixed([_platform.PublicJwk()], _time), _time);

    [Fact]
    public async Task ValidateAndCheck_CorrectIdToken_Passes()
    {
        var token = await _checks.ValidateAsync(_platform.Sign(Now, Claims()), "lt-sp-0", "id_token", CancellationToken.None);

        _checks.CheckIdToken(token, Expectation());
        Assert.Equal("pairwise-sub-1", token.Subject);
    }

    [Fact]
    public async Task Validate_SignedByAnotherKeyWithTheSameKid_IsAWrongAnswer()
    {
        using var impostor = new TokenFactory(_platform.KeyId);

        var failure = await Assert.ThrowsAsync<LoadFailure>(() => _checks.ValidateAsync(impostor.Sign(Now, Claims()), "lt-sp-0", "id_token", CancellationToken.None));

        Assert.True(failure.WrongAnswer);
        Assert.Equal("wrong answer: id_token signature does not verify", failure.Kind);
    }

    [Fact]
    public async Task Validate_OtherClientsAudience_IsAWrongAnswer()
    {
        var failure = await Assert.ThrowsAsync<LoadFailure>(() => _checks.ValidateAsync(_platform.Sign(Now, Claims(), audience: "lt-sp-1"), "lt-sp-0", "id_token", CancellationToken.None));

        Assert.Equal(("wrong answer: id_token aud is not this client", true), (failure.Kind, failure.WrongAnswer));
    }

    [Fact]
    public async Task Validate_OtherIssuer_IsAWrongAnswer()
    {
        var failure = await Assert.ThrowsAsync<LoadFailure>(() => _checks.ValidateAsync(_platform.Sign(Now, Claims(), issuer: "http://evil.example/"), "lt-sp-0", "id_token", CancellationToken.None));

        Assert.Equal("wrong answer: id_token iss is not the issuer", failure.Kind);
    }

    [Fact]
    public async Task Validate_ExpiredByTheInjectedClock_IsAWrongAnswer()
    {
        var token = _platform.Sign(Now, Claims());
        _time.Advance(TimeSpan.FromMinutes(5) + TokenChecks.ClockSkew + TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<LoadFailure>(() => _checks.ValidateAsync(token, "lt-sp-0", "id_token", CancellationToken.None));

        Assert.Equal("wrong answer: id_token expired, not yet valid or without exp", failure.Kind);
    }

    [Fact]
    public async Task Validate_UnknownKey_RefetchesTheJwksOnceAndFails()
    {
        var fetches = 0;
        var keys = new JwksCache(_ => { fetches++; return Task.FromResult("{\"keys\":[]}"); }, _time);
        var checks = new TokenChecks(TokenFactory.Issuer, keys, _time);

        var failure = await Assert.ThrowsAsync<LoadFailure>(() => checks.ValidateAsync(_platform.Sign(Now, Claims()), "lt-sp-0", "id_token", CancellationToken.None));

        Assert.True(failure.WrongAnswer);
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task Validate_Missing_IsAWrongAnswer()
    {
        var failure = await Assert.ThrowsAsync<LoadFailure>(() => _checks.ValidateAsync(null, "lt-sp-0", "id_token", CancellationToken.None));

        Assert.Equal("wrong answer: id_token missing", failure.Kind);
    }

    [Theory]
    [InlineData("nonce", "other-nonce", "wrong answer: id_token nonce differs from the request's")]
    [InlineData("acr", "eidas2", "wrong answer: id_token acr is not eidas1")]
    [InlineData("given_name", "Given0000002", "wrong answer: id_token given_name is not this citizen's")]
    [InlineData("sub", "pairwise-sub-2", "wrong answer: id_token sub differs from this citizen's pairwise subject")]
    public async Task CheckIdToken_OneClaimOff_IsAWrongAnswer(string claim, string value, string kind)
    {
        var claims = Claims();
        claims[claim] = value;
        var token = await _checks.ValidateAsync(_platform.Sign(Now, claims), "lt-sp-0", "id_token", CancellationToken.None);

        var failure = Assert.Throws<LoadFailure>(() => _checks.CheckIdToken(token, Expectation()));

        Assert.Equal((kind, true), (failure.Kind, failure.WrongAnswer));
    }

    [Fact]
    public async Task CheckIdToken_OtherAmr_IsAWrongAnswer()
    {
        var claims = Claims();
        claims["amr"] = new[] { "pwd" };
        var token = await _checks.ValidateAsync(_platform.Sign(Now, claims), "lt-sp-0", "id_token", CancellationToken.None);

        var failure = Assert.Throws<LoadFailure>(() => _checks.CheckIdToken(token, Expectation()));

        Assert.Equal("wrong answer: id_token amr is not [sms,otp]", failure.Kind);
    }

    [Fact]
    public async Task CheckIdToken_AuthTimeBeforeTheLogin_IsAWrongAnswer()
    {
        var claims = Claims();
        claims["auth_time"] = Now.AddHours(-1).ToUnixTimeSeconds();
        var token = await _checks.ValidateAsync(_platform.Sign(Now, claims), "lt-sp-0", "id_token", CancellationToken.None);

        var failure = Assert.Throws<LoadFailure>(() => _checks.CheckIdToken(token, Expectation()));

        Assert.Equal("wrong answer: id_token auth_time is outside this login", failure.Kind);
    }

    [Fact]
    public void CheckUserInfo_OtherSubjectOrClaim_IsAWrongAnswer()
    {
        var expected = new Dictionary<string, string> { ["given_name"] = "Given0000001", ["phone_number_verified"] = "true" };

        TokenChecks.CheckUserInfo("{\"sub\":\"s1\",\"given_name\":\"Given0000001\",\"phone_number_verified\":true}", "s1", expected);
        Assert.Equal("wrong answer: userinfo sub differs from the id_token's",
            Assert.Throws<LoadFailure>(() => TokenChecks.CheckUserInfo("{\"sub\":\"s2\",\"given_name\":\"Given0000001\"}", "s1", expected)).Kind);
        Assert.Equal("wrong answer: userinfo given_name is not this citizen's",
            Assert.Throws<LoadFailure>(() => TokenChecks.CheckUserInfo("{\"sub\":\"s1\",\"given_name\":\"Given0000009\",\"phone_number_verified\":true}", "s1", expected)).Kind);
        Assert.Equal("wrong answer: userinfo is not a JSON object",
            Assert.Throws<LoadFailure>(() => TokenChecks.CheckUserInfo("<html>", "s1", expected)).Kind);
    }

    public void Dispose() => _platform.Dispose();

    private static Dictionary<string, object> Claims() => new()
    {
        ["sub"] = "pairwise-sub-1",
        ["nonce"] = "nonce-1",
        ["acr"] = "eidas1",
        ["amr"] = new[] { "otp", "sms" },
        ["auth_time"] = Now.AddSeconds(-2).ToUnixTimeSeconds(),
        ["given_name"] = "Given0000001",
        ["phone_number_verified"] = true,
    };

    private static IdTokenExpectation Expectation() => new()
    {
        ClientId = "lt-sp-0",
        Nonce = "nonce-1",
        Subject = "pairwise-sub-1",
        Acr = "eidas1",
        Amr = ["sms", "otp"],
        AuthenticatedAfter = Now.AddSeconds(-10),
        Claims = new Dictionary<string, string> { ["given_name"] = "Given0000001", ["phone_number_verified"] = "true" },
    };
}
