using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hawiya.Server.Tests.Operators;

/// <summary>GET /operator/work: the silo's own counters, which load tests divide by what they did.</summary>
[Collection(ServerCollection.Name)]
public sealed class SiloWorkTests(ServerFactory server)
{
    [Fact]
    public async Task Work_WithoutCredentials_Is401()
    {
        var response = await server.CreateClient().GetAsync("/operator/work");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Work_AfterAProviderIsRegistered_CountsItsRequestGrainCallAndStorageWrite()
    {
        var client = server.OperatorClient();
        var provider = new
        {
            clientId = "sp-" + Guid.NewGuid().ToString("N"),
            displayName = "Mairie",
            redirectUris = new[] { "https://mairie.example/cb" },
            allowedScopes = new[] { "openid" },
            allowedMethods = new[] { "Sms" },
            sector = "mairie.example",
            clientSecret = "a-long-random-client-secret-value",
        };

        var before = await client.GetFromJsonAsync<JsonElement>("/operator/work");
        (await client.PostAsJsonAsync("/operator/providers", new[] { provider })).EnsureSuccessStatusCode();
        // A request is counted when the server has finished it, which may be just after the
        // client has read its response: read again until the counts have caught up.
        var after = await client.GetFromJsonAsync<JsonElement>("/operator/work");
        for (var i = 0; i < 50 && Grew(before, after, "httpRequests") < 2; i++)
        {
            await Task.Delay(100);
            after = await client.GetFromJsonAsync<JsonElement>("/operator/work");
        }

        Assert.False(string.IsNullOrEmpty(after.GetProperty("silo").GetString()));
        Assert.True(Grew(before, after, "httpRequests") >= 2, after.ToString());
        Assert.True(Grew(before, after, "grainCalls") >= 1, after.ToString());
        Assert.True(Grew(before, after, "storageWrites") >= 1, after.ToString());
        Assert.True(after.GetProperty("cpuSeconds").GetDouble() > 0);
    }

    private static long Grew(JsonElement before, JsonElement after, string name) =>
        after.GetProperty(name).GetInt64() - before.GetProperty(name).GetInt64();
}
