using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Hawiya.Server.Tests.Operators;

[Collection(ServerCollection.Name)]
public sealed class OperatorApiTests(ServerFactory server)
{
    private static string NewNumber() => "OP" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    [Fact]
    public async Task Cluster_WithoutCredentials_Is401WithABasicChallenge()
    {
        var response = await server.CreateClient().GetAsync("/operator/cluster");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_WrongToken_Is401()
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = ServerFactory.Basic("operator", "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/operator/cluster")).StatusCode);
    }

    [Fact]
    public async Task Cluster_Operator_SeesThisSiloActive()
    {
        var view = await server.OperatorClient().GetFromJsonAsync<JsonElement>("/operator/cluster");

        Assert.Equal(server.ClusterId, view.GetProperty("clusterId").GetString());
        Assert.Equal(1, view.GetProperty("activeSilos").GetInt32());
        Assert.Contains(view.GetProperty("silos").EnumerateArray(), s => s.GetProperty("status").GetString() == "Active");
    }

    [Fact]
    public async Task Cluster_BrowserWithBasicCredentials_GetsAnHtmlTable()
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = ServerFactory.Basic("operator", ServerFactory.OperatorToken);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var response = await client.GetAsync("/operator/cluster");

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Active", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_CitizenAndCard_CardIsAttachedAndCanBeRevoked()
    {
        var client = server.OperatorClient();
        var nationalNumber = NewNumber();
        var cardNumber = NewNumber();
        var document = new
        {
            citizens = new[] { new { nationalNumber, activate = true, methods = new[] { "Sms", "Password" } } },
            cards = new[] { new { cardNumber, nationalNumber, certificate = Convert.ToBase64String(SelfSignedCertificate()) } },
        };

        var seeded = await client.PostAsJsonAsync("/operator/seed", document);
        var citizen = await client.GetFromJsonAsync<JsonElement>($"/operator/citizens/{nationalNumber}");
        var revoked = await client.PostAsJsonAsync($"/operator/cards/{cardNumber}/revoke", new { cause = "Stolen" });
        var revokedAgain = await client.PostAsJsonAsync($"/operator/cards/{cardNumber}/revoke", new { cause = "Lost" });

        Assert.Equal(HttpStatusCode.OK, seeded.StatusCode);
        Assert.Equal("Active", citizen.GetProperty("status").GetString());
        Assert.Equal(1, citizen.GetProperty("cardKeys").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("KeyCompromise", (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revocationReason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, revokedAgain.StatusCode);
        Assert.Equal("ForbiddenTransition", (await revokedAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Seed_InvalidItems_AreReportedByIndexWithoutStoppingTheOthers()
    {
        var client = server.OperatorClient();
        var seeds = new object[]
        {
            new { nationalNumber = NewNumber() },
            new { nationalNumber = "x" },
        };

        var report = await (await client.PostAsJsonAsync("/operator/citizens", seeds)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, report.GetProperty("succeeded").GetInt32());
        var failure = Assert.Single(report.GetProperty("failures").EnumerateArray());
        Assert.Equal(1, failure.GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task Provider_SuspendAndReinstate_ThroughTheApi()
    {
        var client = server.OperatorClient();
        var clientId = "sp-" + Guid.NewGuid().ToString("N");
        var provider = new
        {
            clientId,
            displayName = "Mairie",
            redirectUris = new[] { "https://mairie.example/cb" },
            allowedScopes = new[] { "openid" },
            allowedMethods = new[] { "Sms" },
            sector = "mairie.example",
            clientSecret = "a-long-random-client-secret-value",
        };

        var seeded = await (await client.PostAsJsonAsync("/operator/providers", new[] { provider })).Content.ReadFromJsonAsync<JsonElement>();
        var suspended = await client.PostAsJsonAsync($"/operator/providers/{clientId}/suspend", new { reason = "audit" });
        var reinstated = await client.PostAsync($"/operator/providers/{clientId}/reinstate", null);
        var accreditAgain = await client.PostAsync($"/operator/providers/{clientId}/accredit", null);

        Assert.Equal(1, seeded.GetProperty("succeeded").GetInt32());
        Assert.Equal("Suspended", (await suspended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("Accredited", (await reinstated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, accreditAgain.StatusCode);
    }

    [Fact]
    public async Task Citizen_MalformedNationalNumber_Is400Problem()
    {
        var response = await server.OperatorClient().GetAsync("/operator/citizens/%21%21");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static byte[] SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=CNIE test card", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.Export(X509ContentType.Cert);
    }
}
