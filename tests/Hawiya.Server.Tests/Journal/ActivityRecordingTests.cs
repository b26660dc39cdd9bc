using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Journal;

/// <summary>Every use of the identity lands in the citizen's journal before the code is issued.</summary>
[Collection(OidcCollection.Name)]
public sealed class ActivityRecordingTests(OidcServer server)
{
    [Fact]
    public async Task Login_RecordsTheUseWithProviderLevelMethodsAndClaimNames()
    {
        var citizen = await server.NewCitizenAsync();

        await Login.CodeAsync(server, citizen.Number, new AuthorizationRequest(OidcServer.ClientId, "openid email"));

        var key = server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);
        var page = await server.Grains.GetGrain<ICitizenJournalGrain>(key).ListAsync(before: null, count: 10);
        var use = Assert.Single(page.Entries).Event;
        Assert.Equal(JournalEventKind.Use, use.Kind);
        Assert.Equal(OidcServer.ClientId, use.ClientId);
        Assert.Equal(LevelOfAssurance.Low, use.Level);
        Assert.Equal([AuthMethod.Password], use.Methods);
        Assert.Equal(["email", "email_verified"], use.ReleasedClaims);
    }
}
