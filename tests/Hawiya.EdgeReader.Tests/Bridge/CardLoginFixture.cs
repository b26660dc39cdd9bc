using Hawiya.CardReader.Credentials;
using Hawiya.Contracts.Common;
using Hawiya.EdgeReader.Bridge;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Identity;
using ReaderCredentialIssuer = Hawiya.Pki.Readers.ReaderCredentialIssuer;
using Hawiya.Server.Operators;
using Hawiya.Server.Revocation;
using Hawiya.Server.Tests.Oidc;
using Hawiya.VirtualCard.CardFiles;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.EdgeReader.Tests.Bridge;

/// <summary>
/// The whole server on a loopback port and the real PostgreSQL (the OIDC test server), with a
/// provider that allows card logins, and what a card login needs from the server's own PKI:
/// personalised cards and a reader credential.
/// </summary>
public sealed class CardLoginFixture : IAsyncLifetime
{
    public const string ClientId = "card-portal";

    public OidcServer Server { get; } = new();

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        var report = await Server.Seeding.SeedProvidersAsync(
        [
            new ProviderSeed(ClientId, "Portail carte", [OidcServer.RedirectUri], ["openid", "profile", "email"],
                [AuthMethod.Password, AuthMethod.Card, AuthMethod.CardPin, AuthMethod.CardFingerprint],
                Sector: "card.example.ma", ClientSecret: OidcServer.ClientSecret),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
    }

    public Task DisposeAsync() => ((IAsyncLifetime)Server).DisposeAsync();

    /// <summary>A citizen enrolled for card + PIN, card + fingerprint (and a password), and a card personalised for them by the server's card CA.</summary>
    public async Task<(TestCitizen Citizen, VirtualCardFile Card)> NewCardholderAsync()
    {
        var citizen = await Server.NewCitizenAsync(AuthMethod.Password, AuthMethod.CardPin, AuthMethod.CardFingerprint, AuthMethod.Card);
        var hierarchy = Server.Services.GetRequiredService<CardCaPki>().Hierarchy;
        var cardNumber = "K" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var file = new CardPersonaliser(hierarchy, TimeProvider.System).Personalise(
            new PersonalisationRequest(cardNumber, citizen.Number,
                new PivotIdentity(["Amina", "Zineb"], "El Idrissi", "Benali", Gender.Female, new DateOnly(1990, 4, 12), "Fès", "MAR"),
                [0xFF, 0xD8, 0xFF, 0xD9])
            {
                ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
                Pin = InsertedCard.Pin,
            });
        var seeded = await Server.Seeding.SeedCardsAsync([new CardSeed(cardNumber, citizen.Number, Convert.ToBase64String(file.Certificate))], CancellationToken.None);
        Assert.Empty(seeded.Failures);
        return (citizen, VirtualCardFile.Parse(file.ToJson()));
    }

    /// <summary>A reader credential issued by the server's reader CA.</summary>
    public ReaderCredential NewReaderCredential(string name = "counter-01")
    {
        var hierarchy = Server.Services.GetRequiredService<CardCaPki>().Hierarchy;
        var issued = new ReaderCredentialIssuer(hierarchy, TimeProvider.System).IssueWithNewKey(name);
        return ReaderCredential.FromPem(issued.CertificatePem, issued.PrivateKeyPem!, issued.ChainPem);
    }
}
