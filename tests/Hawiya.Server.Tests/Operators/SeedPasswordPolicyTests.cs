using Hawiya.Contracts.Common;
using Hawiya.Server.Operators;
using Hawiya.Server.Tests.Oidc;

namespace Hawiya.Server.Tests.Operators;

/// <summary>Seeding checks the passwords it hashes against the password policy, citizen by citizen.</summary>
[Collection(OidcCollection.Name)]
public sealed class SeedPasswordPolicyTests(OidcServer server)
{
    [Fact]
    public async Task SeedCitizens_OneWithABlocklistedPassword_FailsThatOneOnlyWithWeakPassword()
    {
        static CitizenSeed Citizen(string password) =>
            new("P" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant(), Methods: [AuthMethod.Password], Password: password);

        var report = await server.Seeding.SeedCitizensAsync(
            [Citizen("demo-password-1"), Citizen("motdepasse"), Citizen("demo-password-4")], CancellationToken.None);

        Assert.Equal(2, report.Succeeded);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(1, failure.Index);
        Assert.Equal("weak_password", failure.Error);
    }

    [Fact]
    public async Task SeedCitizens_PasswordMadeOfTheNationalNumber_IsRefused()
    {
        var number = "Q" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

        var report = await server.Seeding.SeedCitizensAsync(
            [new CitizenSeed(number, Methods: [AuthMethod.Password], Password: number.ToLowerInvariant() + "!")], CancellationToken.None);

        Assert.Equal("weak_password", Assert.Single(report.Failures).Error);
    }
}
