using Hawiya.SampleProvider.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.SampleProvider.Tests.Authentication;

public sealed class SessionRevocationsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 15, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void IsRevoked_SidRevokedAfterSessionStarted_ReturnsTrue()
    {
        var revocations = new SessionRevocations(_time);
        var started = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMinutes(5));

        revocations.Revoke("sid-1", "sub-1");

        Assert.True(revocations.IsRevoked("sid-1", "sub-1", started));
        Assert.False(revocations.IsRevoked("sid-2", "sub-1", started));
    }

    [Fact]
    public void IsRevoked_SessionStartedAfterRevocation_ReturnsFalse()
    {
        var revocations = new SessionRevocations(_time);
        revocations.Revoke(sid: null, sub: "sub-1");
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(revocations.IsRevoked("sid-new", "sub-1", _time.GetUtcNow()));
    }

    [Fact]
    public void IsRevoked_SubRevoked_EndsEverySessionOfThatSub()
    {
        var revocations = new SessionRevocations(_time);
        var started = _time.GetUtcNow();

        revocations.Revoke(sid: null, sub: "sub-1");

        Assert.True(revocations.IsRevoked("sid-1", "sub-1", started));
        Assert.True(revocations.IsRevoked(null, "sub-1", started));
        Assert.False(revocations.IsRevoked("sid-1", "sub-2", started));
    }

    [Fact]
    public void IsRevoked_SessionWithoutSidAndLogoutBySid_EndsIt()
    {
        var revocations = new SessionRevocations(_time);
        var started = _time.GetUtcNow();

        revocations.Revoke("sid-1", "sub-1");

        Assert.True(revocations.IsRevoked(null, "sub-1", started));
    }

    [Fact]
    public void Revoke_AfterRetention_ForgetsOldRevocations()
    {
        var revocations = new SessionRevocations(_time);
        revocations.Revoke("sid-old", "sub-old");
        _time.Advance(SessionRevocations.Retention + TimeSpan.FromMinutes(1));

        revocations.Revoke("sid-new", null);

        Assert.Equal(1, revocations.Count);
    }
}
