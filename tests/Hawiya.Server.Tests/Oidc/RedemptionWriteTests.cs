using System.Net;
using Npgsql;

namespace Hawiya.Server.Tests.Oidc;

/// <summary>
/// What the token endpoint writes, read from the session's rows in PostgreSQL as soon as the
/// response is in: a redemption is durable before the client holds anything issued from it,
/// a rotation (redeemed token and its successor) is one write, not two, and only the session's
/// authorization (its tokens) is rewritten, never its login state.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class RedemptionWriteTests(OidcServer server)
{
    [Fact]
    public async Task Refresh_Rotation_IsOneWriteDoneBeforeTheResponse()
    {
        var (code, request, browser) = await Login.CodeAsync(server, (await server.NewCitizenAsync()).Number);
        browser.Dispose();
        using var client = new OidcClient(server);
        var (_, tokens) = await client.RedeemAsync(code, request);
        var session = SessionOf(code);
        var before = await StoredVersionAsync(session);

        var (status, _) = await client.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(before + 1, await StoredVersionAsync(session));
    }

    [Fact]
    public async Task Code_RedeemedForARefreshToken_IsOneWrite()
    {
        var (code, request, browser) = await Login.CodeAsync(server, (await server.NewCitizenAsync()).Number);
        browser.Dispose();
        using var client = new OidcClient(server);
        var session = SessionOf(code);
        var before = await StoredVersionAsync(session);
        var login = await StoredVersionAsync(session, "authsession");

        var (status, tokens) = await client.RedeemAsync(code, request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
        Assert.Equal(before + 1, await StoredVersionAsync(session));
        Assert.Equal(login, await StoredVersionAsync(session, "authsession"));
    }

    [Fact]
    public async Task Code_RedeemedWithoutOfflineAccess_IsWrittenBeforeTheResponse()
    {
        var wanted = new AuthorizationRequest(OidcServer.ClientId, Scope: "openid profile");
        var (code, request, browser) = await Login.CodeAsync(server, (await server.NewCitizenAsync()).Number, wanted);
        browser.Dispose();
        using var client = new OidcClient(server);
        var session = SessionOf(code);
        var before = await StoredVersionAsync(session);

        var (status, tokens) = await client.RedeemAsync(code, request);
        var after = await StoredVersionAsync(session);
        var (again, _) = await client.RedeemAsync(code, request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(tokens.TryGetProperty("refresh_token", out _));
        Assert.Equal(before + 1, after);
        Assert.Equal(HttpStatusCode.BadRequest, again);
    }

    /// <summary>A code's reference is <c>{session}.{random}</c>.</summary>
    private static string SessionOf(string code) => code[..code.IndexOf('.', StringComparison.Ordinal)];

    private static async Task<int> StoredVersionAsync(string sessionId, string state = "authorization")
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT version FROM orleans_grain_state WHERE state_name = $1 AND grain_id_extension = $2", connection);
        command.Parameters.AddWithValue(state);
        command.Parameters.AddWithValue(sessionId);
        return (int)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("The session has no stored state."));
    }
}
