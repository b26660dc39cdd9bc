using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hawiya.Hsm;
using Hawiya.Server.Citizens.Receipts;
using Hawiya.Server.Oidc.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Keys;

[Collection(ServerCollection.Name)]
public sealed class KeyEndpointsTests(ServerFactory server)
{
    [Fact]
    public async Task PostKey_NextOidcKey_IsGeneratedInTheTokenAndListed()
    {
        using var client = server.OperatorClient();
        // Resolved first (they load lazily), so that this first start has generated its keys whatever ran before.
        server.Services.GetRequiredService<OidcKeyRing>();
        server.Services.GetRequiredService<ReceiptKeys>();
        var activeFrom = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(2).ToUnixTimeSeconds());

        using var created = await client.PostAsJsonAsync("/operator/keys/oidc", new { type = "es256", activeFrom });
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        var listed = await client.GetFromJsonAsync<JsonElement[]>("/operator/keys");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var keyId = view.GetProperty("keyId").GetString()!;
        Assert.Contains(listed!, k => k.GetProperty("keyId").GetString() == keyId && k.GetProperty("activeFrom").GetDateTimeOffset() == activeFrom);
        // The silo's first start generated the ES256, RS256 and receipt keys beside it.
        Assert.Contains(listed!, k => k.GetProperty("purpose").GetString() == "receipts");
        Assert.Contains(listed!, k => k.GetProperty("type").GetString() == "rs256");
        var token = server.Services.GetRequiredService<HsmToken>();
        var stored = Assert.Single(token.FindKeys(HsmKeyName.Prefix(server.ClusterId, "oidc")), k => k.Label.Contains(keyId, StringComparison.Ordinal));
        Assert.False(token.Protection(stored).Extractable);
    }

    [Theory]
    [InlineData("oidc", "es384")]
    [InlineData("receipts", "rs256")]
    [InlineData("pki", "es256")]
    public async Task PostKey_PurposeOrTypeNotUsed_Is400(string purpose, string type)
    {
        using var client = server.OperatorClient();

        using var response = await client.PostAsJsonAsync($"/operator/keys/{purpose}", new { type, activeFrom = DateTimeOffset.UtcNow.AddDays(1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostKey_ActiveInThePast_Is400AndNothingGenerated()
    {
        using var client = server.OperatorClient();
        var before = (await client.GetFromJsonAsync<JsonElement[]>("/operator/keys"))!.Length;

        using var response = await client.PostAsJsonAsync("/operator/keys/oidc", new { type = "es256", activeFrom = DateTimeOffset.UtcNow.AddMinutes(-1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonElement[]>("/operator/keys"))!.Length);
    }
}
