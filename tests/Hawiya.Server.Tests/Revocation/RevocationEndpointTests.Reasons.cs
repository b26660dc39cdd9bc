using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hawiya.Pki.Ocsp;
using Hawiya.Server.Revocation;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Hawiya.Server.Tests.Revocation;

/// <summary>The reason a card's change is published with, read from the CRL entry and the OCSP answer.</summary>
public sealed partial class RevocationEndpointTests
{
    // RFC 5280 §5.3.1: keyCompromise 1, superseded 4, cessationOfOperation 5, certificateHold 6.
    [Theory]
    [InlineData("revoke", "Lost", 1)]
    [InlineData("revoke", "Stolen", 1)]
    [InlineData("revoke", "Deceased", 5)]
    [InlineData("revoke", "Superseded", 4)]
    [InlineData("suspend", null, 6)]
    public async Task CardChange_EachCause_IsPublishedWithItsRfc5280ReasonCodeInTheCrlAndOcsp(string action, string? cause, int code)
    {
        var client = server.OperatorClient();
        var card = await IssueCardAsync(client);

        var changed = cause is null
            ? await client.PostAsync($"/operator/cards/{card.Number}/{action}", content: null)
            : await client.PostAsJsonAsync($"/operator/cards/{card.Number}/{action}", new { cause });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await WaitForRevokedAsync(client, card);

        Assert.Equal(code, await OcspReasonAsync(client, card));
        Assert.Equal(code, await CrlReasonAsync(client, card));
    }

    private static async Task<int?> OcspReasonAsync(HttpClient client, Card card)
    {
        var content = new ByteArrayContent(card.Request);
        content.Headers.ContentType = new MediaTypeHeaderValue(OcspHttp.RequestMediaType);
        var response = await client.PostAsync(RevocationEndpoints.OcspPath, content);
        var basic = (BasicOcspResp)new OcspResp(await response.Content.ReadAsByteArrayAsync()).GetResponseObject();
        var revoked = Assert.IsType<RevokedStatus>(basic.Responses[0].GetCertStatus());
        return revoked.HasRevocationReason ? revoked.RevocationReason : null;
    }

    private static async Task<int?> CrlReasonAsync(HttpClient client, Card card)
    {
        var crl = new X509CrlParser().ReadCrl(await client.GetByteArrayAsync(CrlPublisher.FullPath));
        var entry = crl.GetRevokedCertificate(new Org.BouncyCastle.Math.BigInteger(1, card.Serial.ToByteArray(isUnsigned: true, isBigEndian: true)));
        Assert.NotNull(entry);
        var extension = entry.GetExtensionValue(X509Extensions.ReasonCode);
        return extension is null ? null : CrlReason.GetInstance(X509ExtensionUtilities.FromExtensionValue(extension)).IntValueExact;
    }
}
