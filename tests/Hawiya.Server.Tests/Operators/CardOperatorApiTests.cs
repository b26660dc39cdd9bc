using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Hawiya.Server.Tests.Operators;

/// <summary>Card suspension and resumption through the operator API.</summary>
[Collection(ServerCollection.Name)]
public sealed class CardOperatorApiTests(ServerFactory server)
{
    [Fact]
    public async Task SuspendThenResume_IssuedCard_StatusFollowsAndRepeatsAreHarmless()
    {
        var client = server.OperatorClient();
        var cardNumber = await SeedCardAsync(client);

        var suspended = await client.PostAsync($"/operator/cards/{cardNumber}/suspend", null);
        var suspendedAgain = await client.PostAsync($"/operator/cards/{cardNumber}/suspend", null);
        var resumed = await client.PostAsync($"/operator/cards/{cardNumber}/resume", null);

        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        Assert.Equal("Suspended", await StatusOfAsync(suspended));
        Assert.Equal(HttpStatusCode.OK, suspendedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal("Active", await StatusOfAsync(resumed));
    }

    [Fact]
    public async Task Resume_RevokedCard_IsRefusedWithAProblem()
    {
        var client = server.OperatorClient();
        var cardNumber = await SeedCardAsync(client);
        await client.PostAsJsonAsync($"/operator/cards/{cardNumber}/revoke", new { cause = "Lost" });

        var resumed = await client.PostAsync($"/operator/cards/{cardNumber}/resume", null);

        Assert.Equal(HttpStatusCode.Conflict, resumed.StatusCode);
        Assert.Equal("ForbiddenTransition", (await resumed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Suspend_MalformedCardNumber_IsABadRequest()
    {
        var response = await server.OperatorClient().PostAsync("/operator/cards/x/suspend", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    internal static async Task<string> SeedCardAsync(HttpClient client)
    {
        var nationalNumber = "N" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        var cardNumber = "K" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=CNIE test card", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        var seeded = await client.PostAsJsonAsync("/operator/seed", new
        {
            citizens = new[] { new { nationalNumber, activate = true, methods = new[] { "Password" } } },
            cards = new[] { new { cardNumber, nationalNumber, certificate = Convert.ToBase64String(certificate.Export(X509ContentType.Cert)) } },
        });
        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        return cardNumber;
    }

    private static async Task<string?> StatusOfAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
}
