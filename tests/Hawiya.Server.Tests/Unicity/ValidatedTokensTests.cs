using Hawiya.Server.Unicity;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Server.Tests.Unicity;

public sealed class ValidatedTokensTests
{
    private const string Issuer = "https://id.example.ma/";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly object _keys = new();
    private readonly TokenCaller _caller = new("poll-site", "session-1");

    [Fact]
    public void Find_TokenRememberedAndNotExpired_IsItsCaller()
    {
        var tokens = new ValidatedTokens(10, _time);
        tokens.Remember("token-a", _keys, Issuer, _caller, _time.GetUtcNow().AddMinutes(5));

        Assert.Same(_caller, tokens.Find("token-a", _keys, Issuer));
    }

    [Fact]
    public void Find_AnotherToken_IsNothing()
    {
        var tokens = new ValidatedTokens(10, _time);
        tokens.Remember("token-a", _keys, Issuer, _caller, _time.GetUtcNow().AddMinutes(5));

        Assert.Null(tokens.Find("token-a ", _keys, Issuer));
        Assert.Null(tokens.Find("token-b", _keys, Issuer));
    }

    [Fact]
    public void Find_TokenExpired_IsNothing()
    {
        var tokens = new ValidatedTokens(10, _time);
        tokens.Remember("token-a", _keys, Issuer, _caller, _time.GetUtcNow().AddMinutes(5));

        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(tokens.Find("token-a", _keys, Issuer));
    }

    [Fact]
    public void Find_OtherSigningKeysOrIssuer_IsNothing()
    {
        var tokens = new ValidatedTokens(10, _time);
        tokens.Remember("token-a", _keys, Issuer, _caller, _time.GetUtcNow().AddMinutes(5));

        Assert.Null(tokens.Find("token-a", new object(), Issuer));
        Assert.Null(tokens.Find("token-a", _keys, "https://other.example.ma/"));
    }

    [Fact]
    public void Remember_Full_DropsExpiredEntriesFirst()
    {
        var tokens = new ValidatedTokens(3, _time);
        tokens.Remember("short-1", _keys, Issuer, _caller, _time.GetUtcNow().AddMinutes(1));
        tokens.Remember("short-2", _keys, Issuer, _caller, _time.GetUtcNow().AddMinutes(1));
        tokens.Remember("long", _keys, Issuer, _caller, _time.GetUtcNow().AddMinutes(30));
        _time.Advance(TimeSpan.FromMinutes(2));

        tokens.Remember("new", _keys, Issuer, _caller, _time.GetUtcNow().AddMinutes(30));

        Assert.Equal(2, tokens.Count);
        Assert.NotNull(tokens.Find("long", _keys, Issuer));
        Assert.NotNull(tokens.Find("new", _keys, Issuer));
    }

    [Fact]
    public void Remember_FullOfLiveTokens_StaysWithinItsSize()
    {
        var tokens = new ValidatedTokens(3, _time);
        for (var i = 0; i < 10; i++)
        {
            tokens.Remember("token-" + i, _keys, Issuer, _caller, _time.GetUtcNow().AddMinutes(30));
        }

        Assert.InRange(tokens.Count, 1, 3);
        Assert.NotNull(tokens.Find("token-9", _keys, Issuer));
    }

    [Fact]
    public void Remember_SizeZero_RemembersNothing()
    {
        var tokens = new ValidatedTokens(0, _time);
        tokens.Remember("token-a", _keys, Issuer, _caller, _time.GetUtcNow().AddMinutes(5));

        Assert.Equal(0, tokens.Count);
        Assert.Null(tokens.Find("token-a", _keys, Issuer));
    }
}
