using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Sessions;

namespace Hawiya.Grains.Tests.Sessions;

[Collection(ClusterCollection.Name)]
public sealed class OneTimeCodeTests(ClusterFixture fixture)
{
    private async Task<(IAuthSessionGrain Session, ICitizenGrain Citizen, IssuedCode Code)> SessionWithCodeAsync(string? citizenKey = null)
    {
        var existing = citizenKey is not null;
        citizenKey ??= fixture.Keys.Citizen(ClusterFixture.NewNationalNumber());
        var citizen = fixture.Grains.GetGrain<ICitizenGrain>(citizenKey);
        if (!existing)
        {
            var imported = await citizen.ImportAsync(new CitizenImport
            {
                Methods = [AuthMethod.Sms],
                Credentials = new CitizenCredentials { Phone = "+212612345678" },
                Activate = true,
            });
            Assert.True(imported.Succeeded);
        }

        var session = fixture.Grains.GetGrain<IAuthSessionGrain>("s-" + Guid.NewGuid().ToString("N")[..22]);
        await session.BeginAsync(new SessionStart
        {
            ClientId = "tax-portal",
            RequiredLevel = LevelOfAssurance.Low,
            Scopes = ["openid"],
            AllowedMethods = [AuthMethod.Sms],
            Sector = "tax.example.ma",
        });
        await session.IdentifyAsync(citizenKey);
        var code = await session.IssueCodeAsync(AuthMethod.Sms);
        Assert.Equal(ChallengeError.None, code.Error);
        Assert.Matches("^[0-9]{6}$", code.Code);
        return (session, citizen, code);
    }

    private static string WrongCode(string code, int n) =>
        ((int.Parse(code) + 1 + n) % 1_000_000).ToString("D6");

    [Fact]
    public async Task VerifyCodeAsync_RightCodeAtTheSixthGuess_FailsAsExhausted()
    {
        var (session, _, issued) = await SessionWithCodeAsync();
        for (var i = 0; i < AuthSessionGrain.CodeAttempts; i++)
        {
            var wrong = await session.VerifyCodeAsync(WrongCode(issued.Code, i));
            Assert.Equal(ChallengeError.Rejected, wrong.Error);
            Assert.Equal(AuthSessionGrain.CodeAttempts - 1 - i, wrong.AttemptsLeft);
        }

        // Five failures also lock the citizen's SMS for 30 s; once that has passed, the code itself is spent.
        Assert.Equal(ChallengeError.Locked, (await session.VerifyCodeAsync(issued.Code)).Error);
        ClusterFixture.Time.Advance(TimeSpan.FromSeconds(31));
        var sixth = await session.VerifyCodeAsync(issued.Code);

        Assert.Equal(ChallengeError.AttemptsExhausted, sixth.Error);
        Assert.Null(sixth.Session.Authentication);
        Assert.Null(sixth.Session.PendingChallenge);
        Assert.Equal(ChallengeError.NoChallenge, (await session.VerifyCodeAsync(issued.Code)).Error);
    }

    [Fact]
    public async Task VerifyCodeAsync_HundredParallelGuesses_AtMostFiveAreEvaluated()
    {
        var (session, citizen, issued) = await SessionWithCodeAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => session.VerifyCodeAsync(WrongCode(issued.Code, i))));

        // Only an evaluated guess is rejected; the others find the citizen locked or the code spent.
        Assert.Equal(AuthSessionGrain.CodeAttempts, results.Count(r => r.Error == ChallengeError.Rejected));
        Assert.All(results, r => Assert.Contains(r.Error, new[] { ChallengeError.Rejected, ChallengeError.Locked, ChallengeError.AttemptsExhausted, ChallengeError.NoChallenge }));
        // The citizen saw exactly five failures: the fifth locks the method (30 s), none beyond.
        Assert.DoesNotContain(AuthMethod.Sms, (await citizen.GetLoginProfileAsync()).UsableMethods);
        ClusterFixture.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(ChallengeError.AttemptsExhausted, (await session.VerifyCodeAsync(issued.Code)).Error);
    }

    [Fact]
    public async Task VerifyCodeAsync_HundredParallelGuessesIncludingTheRightOne_NeverMoreThanOneSucceeds()
    {
        var (session, _, issued) = await SessionWithCodeAsync();

        var guesses = Enumerable.Range(0, 100).Select(i => i == 3 ? issued.Code : WrongCode(issued.Code, i)).ToArray();
        var results = await Task.WhenAll(guesses.Select(session.VerifyCodeAsync));

        Assert.True(results.Count(r => r.Error == ChallengeError.Rejected) + results.Count(r => r.Succeeded) <= AuthSessionGrain.CodeAttempts);
        Assert.True(results.Count(r => r.Succeeded) <= 1);
    }

    [Fact]
    public async Task VerifyCodeAsync_CitizenLockedByAnotherSession_RefusesEvenTheRightCode()
    {
        var (first, citizen, firstCode) = await SessionWithCodeAsync();
        var (second, _, secondCode) = await SessionWithCodeAsync(citizen.GetPrimaryKeyString());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ChallengeError.Rejected, (await first.VerifyCodeAsync(WrongCode(firstCode.Code, i))).Error);
        }

        var result = await second.VerifyCodeAsync(secondCode.Code);

        Assert.Equal(ChallengeError.Locked, result.Error);
        Assert.Null(result.Session.Authentication);
    }

    [Fact]
    public async Task ReportCodeUndeliveredAsync_ThatCode_IsWithdrawnAndANewerOneIsLeftAlone()
    {
        var (session, _, issued) = await SessionWithCodeAsync();

        await session.ReportCodeUndeliveredAsync(issued.ExpiresAt!.Value.AddSeconds(-1));
        Assert.Equal(AuthMethod.Sms, (await session.GetAsync()).PendingChallenge);

        await session.ReportCodeUndeliveredAsync(issued.ExpiresAt!.Value);
        var view = await session.GetAsync();
        Assert.Null(view.PendingChallenge);
        Assert.Equal(AuthMethod.Sms, view.UndeliveredCode);
        Assert.Equal(ChallengeError.NoChallenge, (await session.VerifyCodeAsync(issued.Code)).Error);

        Assert.Equal(ChallengeError.None, (await session.IssueCodeAsync(AuthMethod.Sms)).Error);
        Assert.Null((await session.GetAsync()).UndeliveredCode);
    }

    [Fact]
    public async Task IssueCodeAsync_AChannelThatBringsTheLevelNoCloser_IsNotOfferedAndIssuesNothing()
    {
        var citizenKey = fixture.Keys.Citizen(ClusterFixture.NewNationalNumber());
        var citizen = fixture.Grains.GetGrain<ICitizenGrain>(citizenKey);
        Assert.True((await citizen.ImportAsync(new CitizenImport
        {
            Methods = [AuthMethod.Sms],
            Credentials = new CitizenCredentials { Phone = "+212612345678" },
            Activate = true,
        })).Succeeded);
        var session = fixture.Grains.GetGrain<IAuthSessionGrain>("s-" + Guid.NewGuid().ToString("N")[..22]);
        await session.BeginAsync(new SessionStart
        {
            ClientId = "pension-fund",
            RequiredLevel = LevelOfAssurance.Substantial,
            Scopes = ["openid"],
            AllowedMethods = [AuthMethod.Sms, AuthMethod.Password],
            Sector = "pension.example.ma",
        });
        await session.IdentifyAsync(citizenKey);
        var first = await session.IssueCodeAsync(AuthMethod.Sms);
        Assert.True((await session.VerifyCodeAsync(first.Code)).Succeeded);

        // SMS passed already: only the password brings the login to substantial.
        var again = await session.IssueCodeAsync(AuthMethod.Sms);

        Assert.Equal(ChallengeError.MethodNotOffered, again.Error);
        Assert.Null((await session.GetAsync()).PendingChallenge);
    }
}
