using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;

namespace Hawiya.Grains.Tests.Citizens;

/// <summary>Growing delays after consecutive failures, and NIST SP 800-63B §5.2.2's limit of 100.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LockoutTests(ClusterFixture fixture)
{
    private async Task<ICitizenGrain> CitizenWithPasswordAndSmsAsync()
    {
        var citizen = fixture.Grains.GetGrain<ICitizenGrain>(fixture.Keys.Citizen(ClusterFixture.NewNationalNumber()));
        var imported = await citizen.ImportAsync(new CitizenImport
        {
            Methods = [AuthMethod.Password, AuthMethod.Sms],
            Credentials = new CitizenCredentials { Phone = "+212612345678", PasswordHash = "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g" },
            Activate = true,
        });
        Assert.True(imported.Succeeded);
        return citizen;
    }

    [Fact]
    public async Task RecordFailureAsync_ConsecutiveFailures_FirstFourFreeThenThirtySecondsDoublingToAnHour()
    {
        var citizen = await CitizenWithPasswordAndSmsAsync();
        var expected = new TimeSpan?[] { null, null, null, null };
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Null((await citizen.RecordFailureAsync(AuthMethod.Sms)).LockedUntil);
        }

        var locks = new List<TimeSpan>();
        for (var failure = 5; failure <= 20; failure++)
        {
            var check = await citizen.RecordFailureAsync(AuthMethod.Sms);
            locks.Add(check.LockedUntil!.Value - ClusterFixture.Time.GetUtcNow());
            Assert.False(check.NeedsRecovery);
        }

        Assert.Equal(TimeSpan.FromSeconds(30), locks[0]);
        Assert.Equal(TimeSpan.FromSeconds(60), locks[1]);
        Assert.Equal(TimeSpan.FromSeconds(120), locks[2]);
        Assert.Equal(TimeSpan.FromMinutes(32), locks[6]);
        Assert.All(locks.Skip(7), l => Assert.Equal(TimeSpan.FromHours(1), l));
        Assert.DoesNotContain(AuthMethod.Sms, (await citizen.GetLoginProfileAsync()).UsableMethods);
        Assert.Contains(AuthMethod.Password, (await citizen.GetLoginProfileAsync()).UsableMethods);
    }

    [Fact]
    public async Task RecordFailureAsync_HundredthConsecutiveFailure_TurnsTheMethodOffUntilRecovery()
    {
        var citizen = await CitizenWithPasswordAndSmsAsync();
        CredentialCheck check = null!;
        for (var i = 1; i <= 100; i++)
        {
            check = await citizen.RecordFailureAsync(AuthMethod.Sms);
            Assert.Equal(i >= 100, check.NeedsRecovery);
        }

        Assert.True(check.NeedsRecovery);
        var snapshot = await citizen.GetAsync();
        Assert.Contains(snapshot.Methods, m => m.Method == AuthMethod.Sms && !m.Enabled);
        // Waiting out the lock does not bring it back: only re-enabling (recovery) does.
        ClusterFixture.Time.Advance(TimeSpan.FromHours(2));
        Assert.DoesNotContain(AuthMethod.Sms, (await citizen.GetLoginProfileAsync()).UsableMethods);
    }

    [Fact]
    public async Task RecordSuccessAsync_AfterFailures_StartsTheCountAgain()
    {
        var citizen = await CitizenWithPasswordAndSmsAsync();
        for (var i = 0; i < 4; i++)
        {
            await citizen.RecordFailureAsync(AuthMethod.Sms);
        }

        await citizen.RecordSuccessAsync(AuthMethod.Sms);

        // Four more failures are free again; with the old count the fifth would have locked.
        for (var i = 0; i < 4; i++)
        {
            Assert.Null((await citizen.RecordFailureAsync(AuthMethod.Sms)).LockedUntil);
        }
    }

    [Fact]
    public async Task VerifyPasswordAsync_WhileLocked_IsRefusedEvenWhenRight()
    {
        var citizen = await CitizenWithPasswordAndSmsAsync();
        for (var i = 0; i < 5; i++)
        {
            await citizen.RecordFailureAsync(AuthMethod.Password);
        }

        var check = await citizen.VerifyPasswordAsync("any password");

        Assert.False(check.Succeeded);
        Assert.NotNull(check.LockedUntil);
        Assert.True(check.LockedUntil > ClusterFixture.Time.GetUtcNow());
    }

    [Fact]
    public async Task RecordCodeAnswerAsync_Locked_RefusedWithNothingCounted()
    {
        var citizen = await CitizenWithPasswordAndSmsAsync();
        for (var i = 0; i < 5; i++)
        {
            await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Wrong);
        }

        var right = await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Right);
        var wrong = await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Wrong);

        Assert.True(right.Refused);
        Assert.False(right.Succeeded);
        Assert.Equal(ClusterFixture.Time.GetUtcNow() + TimeSpan.FromSeconds(30), right.LockedUntil);
        // The refused wrong answer was not a sixth failure: the lock did not grow to 60 s.
        Assert.Equal(right.LockedUntil, wrong.LockedUntil);
    }

    [Fact]
    public async Task RecordCodeAnswerAsync_SpentThenRight_SpentNotCountedRightClearsTheFailures()
    {
        var citizen = await CitizenWithPasswordAndSmsAsync();
        for (var i = 0; i < 4; i++)
        {
            await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Wrong);
        }

        var spent = await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Spent);
        Assert.False(spent.Succeeded);
        Assert.False(spent.Refused);
        Assert.Null(spent.LockedUntil);
        Assert.True((await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Right)).Succeeded);

        // Four more failures after the success are free again: the count started over.
        for (var i = 0; i < 4; i++)
        {
            Assert.Null((await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Wrong)).LockedUntil);
        }
    }

    [Fact]
    public async Task RecordCodeAnswerAsync_RightAndCompletingALogin_ListsTheSessionAndAnswersTheRelease()
    {
        var citizen = await CitizenWithPasswordAndSmsAsync();
        var completing = Completing("s-completed");

        var right = await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Right, completing);

        Assert.True(right.Succeeded);
        Assert.Contains("s-completed", await citizen.GetSessionsAsync());
        var expected = await citizen.GetReleaseAsync(completing.Sector, completing.ClientId);
        Assert.Equal(expected.Subject, right.Release?.Subject);
        Assert.Equal(expected.Status, right.Release?.Status);
    }

    [Fact]
    public async Task RecordCodeAnswerAsync_WrongOrLocked_NeitherListsTheSessionNorAnswersTheRelease()
    {
        var citizen = await CitizenWithPasswordAndSmsAsync();

        var wrong = await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Wrong, Completing("s-wrong"));
        for (var i = 0; i < 4; i++)
        {
            await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Wrong);
        }

        var locked = await citizen.RecordCodeAnswerAsync(AuthMethod.Sms, CodeAnswer.Right, Completing("s-locked"));

        Assert.Null(wrong.Release);
        Assert.True(locked.Refused);
        Assert.Null(locked.Release);
        Assert.DoesNotContain("s-wrong", await citizen.GetSessionsAsync());
        Assert.DoesNotContain("s-locked", await citizen.GetSessionsAsync());
    }

    private static CompletingSession Completing(string sessionId) => new()
    {
        SessionId = sessionId,
        ListedUntil = ClusterFixture.Time.GetUtcNow().AddHours(8),
        ClientId = "tax-portal",
        Sector = "tax.example",
    };
}
