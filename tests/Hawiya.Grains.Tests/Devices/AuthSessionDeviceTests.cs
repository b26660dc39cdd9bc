using Hawiya.CitizenApp;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Sessions;

namespace Hawiya.Grains.Tests.Devices;

[Collection(ClusterCollection.Name)]
public sealed class AuthSessionDeviceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AnswerDeviceChallengeAsync_RightNumberSignedByTheDevice_PassesPushAtSubstantial()
    {
        var (session, device) = await SessionWithDeviceAsync();
        var issued = await Devices(session).StartDeviceChallengeAsync(AuthMethod.Push);

        var answer = await Devices(session).AnswerDeviceChallengeAsync(Sign(device, session, issued.ChallengeId, "approve", issued.Number));

        Assert.True(answer.Succeeded);
        var view = await fixture.Grains.GetGrain<IAuthSessionGrain>(session).GetAsync();
        Assert.Equal(SessionStatus.Authenticated, view.Status);
        Assert.Equal(LevelOfAssurance.Substantial, view.Authentication!.Level);
        Assert.Null(view.DevicePrompt);
    }

    [Fact]
    public async Task AnswerDeviceChallengeAsync_AfterTheChallengeLapsed_NoChallenge()
    {
        var (session, device) = await SessionWithDeviceAsync();
        var issued = await Devices(session).StartDeviceChallengeAsync(AuthMethod.Push);

        ClusterFixture.Time.Advance(TimeSpan.FromMinutes(3));
        var answer = await Devices(session).AnswerDeviceChallengeAsync(Sign(device, session, issued.ChallengeId, "approve", issued.Number));

        Assert.Equal(DeviceAnswerError.NoChallenge, answer.Error);
    }

    [Fact]
    public async Task AnswerDeviceChallengeAsync_FaceAttestationToAPush_WrongKind()
    {
        var (session, device) = await SessionWithDeviceAsync();
        var issued = await Devices(session).StartDeviceChallengeAsync(AuthMethod.Push);

        var answer = await Devices(session).AnswerDeviceChallengeAsync(Sign(device, session, issued.ChallengeId, "face", null, match: true));

        Assert.Equal(DeviceAnswerError.WrongKind, answer.Error);
    }

    [Fact]
    public async Task AnswerDeviceChallengeAsync_FaceNotMatched_CountedAndNotPassed()
    {
        var (session, device) = await SessionWithDeviceAsync();
        var issued = await Devices(session).StartDeviceChallengeAsync(AuthMethod.Face);

        var answer = await Devices(session).AnswerDeviceChallengeAsync(Sign(device, session, issued.ChallengeId, "face", issued.Number, match: false));

        Assert.Equal(DeviceAnswerError.NotMatched, answer.Error);
        Assert.Equal(2, answer.AttemptsLeft);
        Assert.Empty((await fixture.Grains.GetGrain<IAuthSessionGrain>(session).GetAsync()).PassedMethods);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task AnswerDeviceChallengeAsync_FaceMatchedWithoutTheNumberShown_WrongNumberAndNotPassed(string? typed)
    {
        var (session, device) = await SessionWithDeviceAsync();
        var issued = await Devices(session).StartDeviceChallengeAsync(AuthMethod.Face);
        Assert.NotNull(issued.Number);
        var number = typed == "wrong" ? (issued.Number == "10" ? "11" : "10") : null;

        // A citizen answering a face check an attacker started: the face matches, the number is not known.
        var answer = await Devices(session).AnswerDeviceChallengeAsync(Sign(device, session, issued.ChallengeId, "face", number, match: true));

        Assert.Equal(DeviceAnswerError.WrongNumber, answer.Error);
        Assert.Empty((await fixture.Grains.GetGrain<IAuthSessionGrain>(session).GetAsync()).PassedMethods);
    }

    [Fact]
    public async Task AnswerDeviceChallengeAsync_FaceMatchedWithTheNumberShown_Passes()
    {
        var (session, device) = await SessionWithDeviceAsync();
        var issued = await Devices(session).StartDeviceChallengeAsync(AuthMethod.Face);

        var answer = await Devices(session).AnswerDeviceChallengeAsync(Sign(device, session, issued.ChallengeId, "face", issued.Number, match: true));

        Assert.Equal(DeviceAnswerError.None, answer.Error);
        Assert.Contains(AuthMethod.Face, (await fixture.Grains.GetGrain<IAuthSessionGrain>(session).GetAsync()).PassedMethods);
    }

    [Fact]
    public async Task AnswerDeviceChallengeAsync_AnswerNamingAnotherSession_Malformed()
    {
        var (session, device) = await SessionWithDeviceAsync();
        var issued = await Devices(session).StartDeviceChallengeAsync(AuthMethod.Push);

        var answer = await Devices(session).AnswerDeviceChallengeAsync(Sign(device, "s-elsewhere", issued.ChallengeId, "approve", issued.Number));

        Assert.Equal(DeviceAnswerError.Malformed, answer.Error);
    }

    private IAuthSessionDevicesGrain Devices(string session) => fixture.Grains.GetGrain<IAuthSessionDevicesGrain>(session);

    private static string Sign(DeviceKey key, string session, string challenge, string action, string? number, bool? match = null)
    {
        var payload = new Dictionary<string, object> { ["sid"] = session, ["cid"] = challenge, ["act"] = action };
        if (number is not null)
        {
            payload["num"] = number;
        }

        if (match is { } m)
        {
            payload["match"] = m;
        }

        return key.Sign(payload);
    }

    private async Task<(string Session, DeviceKey Device)> SessionWithDeviceAsync()
    {
        var citizen = fixture.Keys.Citizen(ClusterFixture.NewNationalNumber());
        await fixture.Grains.GetGrain<ICitizenGrain>(citizen).ImportAsync(new CitizenImport
        {
            Methods = [AuthMethod.Password],
            Activate = true,
            Credentials = new CitizenCredentials(),
        });
        var device = DeviceKey.Create();
        Assert.True((await fixture.Grains.GetGrain<ICitizenDevicesGrain>(citizen).EnrollDeviceAsync(CitizenDevicesTests.Enrollment(device))).Succeeded);
        var session = "s-" + Guid.NewGuid().ToString("N")[..22];
        var grain = fixture.Grains.GetGrain<IAuthSessionGrain>(session);
        await grain.BeginAsync(new SessionStart
        {
            ClientId = "device-portal",
            RequiredLevel = LevelOfAssurance.Substantial,
            Scopes = ["openid"],
            AllowedMethods = [AuthMethod.Password, AuthMethod.Push, AuthMethod.Face],
            Sector = "device.example.ma",
        });
        await grain.IdentifyAsync(citizen);
        return (session, device);
    }
}
