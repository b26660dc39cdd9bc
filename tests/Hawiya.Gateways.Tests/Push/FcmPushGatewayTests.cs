using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Hawiya.Gateways.Push;
using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Gateways.Tests.Support;

namespace Hawiya.Gateways.Tests.Push;

public sealed class FcmPushGatewayTests
{
    private const string Device = "fcm-device-token-e3b0c44298fc1c149afbf4c8996fb924";

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    private static PushMessage Challenge(string device = Device) => new(
        device,
        "Hawiya login",
        "Approve the login and pick 42",
        new Dictionary<string, string> { ["challengeId"] = "c-123", ["numberToMatch"] = "42" },
        CorrelationId: "session-p");

    [Fact]
    public async Task SendAsync_ValidMessage_GetsTokenWithSignedAssertionAndReturnsMessageName()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);

        var result = await host.Push.SendAsync(Challenge());

        Assert.Equal(PushSendStatus.Accepted, result.Status);
        Assert.StartsWith($"projects/{ServiceAccountFixture.ProjectId}/messages/", result.ProviderMessageId);
        Assert.Equal(1, google.TokenRequests);
        var message = Assert.Single(google.Delivered);
        Assert.Equal(Device, message["token"]!.GetValue<string>());
        Assert.Equal("Hawiya login", message["notification"]!["title"]!.GetValue<string>());
        Assert.Equal("42", message["data"]!["numberToMatch"]!.GetValue<string>());
        Assert.Equal("300s", message["android"]!["ttl"]!.GetValue<string>());
        var expiry = long.Parse(message["apns"]!["headers"]!["apns-expiration"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds() + 300, expiry);
    }

    [Fact]
    public async Task SendAsync_TwoSends_ReusesCachedAccessToken()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);

        await host.Push.SendAsync(Challenge());
        var second = await host.Push.SendAsync(Challenge());

        Assert.True(second.IsAccepted);
        Assert.Equal(1, google.TokenRequests);
    }

    [Fact]
    public async Task SendAsync_TokenUnregistered_ReturnsUnregisteredSoCallerRemovesDevice()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);
        google.UnregisteredTokens[Device] = true;

        var result = await host.Push.SendAsync(Challenge());

        Assert.Equal(PushSendResult.Unregistered("fcm:UNREGISTERED"), result);
        Assert.Equal(1, google.SendRequests);
    }

    [Fact]
    public async Task SendAsync_TokenNotARegistrationToken_ReturnsUnregistered()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);
        google.MalformedTokens["garbage"] = true;

        var result = await host.Push.SendAsync(Challenge("garbage"));

        Assert.Equal(PushSendResult.Unregistered("fcm:INVALID_ARGUMENT"), result);
    }

    [Fact]
    public async Task SendAsync_QuotaExceededWithRetryAfter_WaitsThatLongThenSucceeds()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);
        google.Enqueue(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", TimeSpan.FromSeconds(4));

        var result = await time.AdvanceUntilDone(host.Push.SendAsync(Challenge()), Step);

        Assert.True(result.IsAccepted);
        Assert.Equal(2, google.SendRequests);
        var times = google.SendTimes.ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(4), $"retried after {times[1] - times[0]}");
    }

    [Theory]
    [InlineData(503, "UNAVAILABLE")]
    [InlineData(500, "INTERNAL")]
    public async Task SendAsync_ServerErrorThenSuccess_RetriesWithBackoff(int httpStatus, string code)
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);
        google.Enqueue(httpStatus, code, code);

        var result = await time.AdvanceUntilDone(host.Push.SendAsync(Challenge()), Step);

        Assert.True(result.IsAccepted);
        Assert.Equal(2, google.SendRequests);
    }

    [Fact]
    public async Task SendAsync_QuotaExceededForLongerThanMaxRetryDelay_ReturnsRetryLaterWithDelay()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);
        google.Enqueue(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", TimeSpan.FromMinutes(1));

        var result = await host.Push.SendAsync(Challenge());

        Assert.Equal(PushSendStatus.RetryLater, result.Status);
        Assert.Equal("fcm:QUOTA_EXCEEDED", result.ReasonCode);
        Assert.Equal(TimeSpan.FromMinutes(1), result.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_AccessTokenRevoked_RefreshesOnceAndSucceeds()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);
        await host.Push.SendAsync(Challenge());
        google.RevokeIssuedTokens();

        var result = await host.Push.SendAsync(Challenge());

        Assert.True(result.IsAccepted);
        Assert.Equal(2, google.TokenRequests);
        Assert.Equal(3, google.SendRequests);
    }

    [Theory]
    [InlineData(503, null, PushSendStatus.RetryLater, "fcm:token_unavailable")]
    [InlineData(503, """{"error":"internal_failure"}""", PushSendStatus.RetryLater, "fcm:token_unavailable")]
    [InlineData(429, """{"error":"rate_limit_exceeded"}""", PushSendStatus.RetryLater, "fcm:token_unavailable")]
    [InlineData(403, null, PushSendStatus.RetryLater, "fcm:token_unavailable")]
    [InlineData(401, """{"error":"unauthorized_client"}""", PushSendStatus.Rejected, "fcm:auth_unauthorized_client")]
    public async Task SendAsync_TokenEndpointFails_MapsToResultWithoutThrowing(int httpStatus, string? body, PushSendStatus expected, string reason)
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);
        google.TokenEndpointFailure = httpStatus;
        google.TokenEndpointFailureBody = body;

        var result = await time.AdvanceUntilDone(host.Push.SendAsync(Challenge()), Step);

        Assert.Equal(expected, result.Status);
        Assert.Equal(reason, result.ReasonCode);
        Assert.Equal(0, google.SendRequests);
    }

    [Fact]
    public async Task SendAsync_TokenEndpointHangs_ReturnsRetryLaterWithinTotalTimeout()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);
        google.HangTokenEndpoint = true;
        var started = time.GetUtcNow();

        var result = await time.AdvanceUntilDone(host.Push.SendAsync(Challenge()), TimeSpan.FromSeconds(10));

        Assert.Equal(PushSendResult.RetryLater(GatewayReasons.Timeout), result);
        Assert.InRange(time.GetUtcNow() - started, TimeSpan.Zero, TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10));
        Assert.Equal(0, google.SendRequests);
    }

    [Fact]
    public async Task SendAsync_ThirdPartyAuthError_RejectedWithoutTokenRefresh()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);
        google.Enqueue(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR");

        var result = await host.Push.SendAsync(Challenge());

        Assert.Equal(PushSendResult.Rejected("fcm:THIRD_PARTY_AUTH_ERROR"), result);
        Assert.Equal(1, google.TokenRequests);
    }

    [Fact]
    public async Task SendAsync_WrongProjectId_RejectedButDeviceNotUnregistered()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        var settings = FcmTestSettings.For(google);
        settings["Gateways:Push:Fcm:ProjectId"] = "someone-else";
        await using var host = GatewayTestHost.Create(settings, time: time);

        var result = await host.Push.SendAsync(Challenge());

        Assert.Equal(PushSendStatus.Rejected, result.Status);
        Assert.Equal("fcm:NOT_FOUND", result.ReasonCode);
    }

    [Fact]
    public async Task SendAsync_KeyNotTheServiceAccounts_TokenRefusedAndSendRejected()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        using var otherKey = RSA.Create(2048);
        var settings = FcmTestSettings.For(google);
        settings["Gateways:Push:Fcm:ServiceAccountJson"] = ServiceAccountFixture.Json(google.TokenUrl, otherKey);
        await using var host = GatewayTestHost.Create(settings, time: time);

        var result = await host.Push.SendAsync(Challenge());

        Assert.Equal(PushSendResult.Rejected("fcm:auth_invalid_grant"), result);
        Assert.Equal(0, google.SendRequests);
    }

    [Fact]
    public async Task SendAsync_TokenEndpointFromKeyFile_UsedWhenNotConfigured()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        var settings = FcmTestSettings.For(google);
        settings["Gateways:Push:Fcm:TokenEndpoint"] = null;
        settings["Gateways:Push:Fcm:ServiceAccountJson"] = ServiceAccountFixture.Json(google.TokenUrl);
        await using var host = GatewayTestHost.Create(settings, time: time);

        var result = await host.Push.SendAsync(Challenge());

        Assert.True(result.IsAccepted);
    }

    [Theory]
    [InlineData("from")]
    [InlineData("google.sent_time")]
    [InlineData("gcm.notification")]
    public async Task SendAsync_ReservedDataKey_RejectedWithoutCallingFcm(string key)
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);

        var result = await host.Push.SendAsync(Challenge() with { Data = new Dictionary<string, string> { [key] = "x" } });

        Assert.Equal(PushSendResult.Rejected(GatewayReasons.InvalidMessage), result);
        Assert.Equal(0, google.TokenRequests + google.SendRequests);
    }

    [Fact]
    public async Task SendAsync_NoData_OmitsDataObject()
    {
        var time = FakeTime.Now();
        await using var google = await FakeGoogleServer.StartAsync(time);
        await using var host = GatewayTestHost.Create(FcmTestSettings.For(google), time: time);

        var result = await host.Push.SendAsync(new PushMessage(Device, "Hawiya", "Your identity was used", TimeToLive: TimeSpan.FromHours(1)));

        Assert.True(result.IsAccepted);
        var message = Assert.Single(google.Delivered);
        Assert.False(message.ContainsKey("data"));
        Assert.Equal("3600s", message["android"]!["ttl"]!.GetValue<string>());
    }
}
