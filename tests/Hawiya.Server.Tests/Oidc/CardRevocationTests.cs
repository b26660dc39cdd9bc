using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Common;
using Hawiya.Server.Operators;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>A card reported lost ends its holder's sessions at once (single sign-on, refresh and access tokens).</summary>
[Collection(OidcCollection.Name)]
public sealed class CardRevocationTests(OidcServer server)
{
    [Theory]
    [InlineData(CardRevocationCause.Lost, true)]
    [InlineData(CardRevocationCause.Superseded, false)]
    public async Task CardRevoked_HolderSessionsEndOnlyWhenTheCardWasCompromised(CardRevocationCause cause, bool sessionsEnd)
    {
        var citizen = await server.NewCitizenAsync();
        var cardNumber = "K" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var seeded = await server.Seeding.SeedCardsAsync([new CardSeed(cardNumber, citizen.Number, Convert.ToBase64String(Certificate()))], CancellationToken.None);
        Assert.Empty(seeded.Failures);
        var (code, request, browser) = await Login.CodeAsync(server, citizen.Number);
        using var _ = browser;
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var keys = server.Services.GetRequiredService<PseudonymKeys>();

        var revoked = await server.Grains.GetGrain<ICardGrain>(keys.Card(cardNumber)).RevokeAsync(cause);

        Assert.True(revoked.Succeeded, revoked.Detail);
        var (refresh, _) = await client.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        var (userInfo, _) = await client.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);
        var silent = await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId) { Extra = { ["prompt"] = "none" } }.Url());
        Assert.Equal(sessionsEnd ? HttpStatusCode.BadRequest : HttpStatusCode.OK, refresh);
        Assert.Equal(sessionsEnd ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, userInfo);
        Assert.Equal(sessionsEnd, silent.Query.ContainsKey("error"));
    }

    private static byte[] Certificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=CNIE test card", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.Export(X509ContentType.Cert);
    }
}
