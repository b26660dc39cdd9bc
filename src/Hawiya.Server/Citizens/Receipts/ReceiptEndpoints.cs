using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hawiya.Contracts.Journal;
using Hawiya.Contracts.Providers;
using Hawiya.Contracts.Sessions;

namespace Hawiya.Server.Citizens.Receipts;

/// <summary>
/// <c>GET /receipts/jwks</c>: the keys receipts are signed with. <c>GET /receipts/{id}</c>: a
/// provider fetches the receipt of a login it received, authenticating as at the token
/// endpoint with <c>client_secret_basic</c> (RFC 6749 §2.3.1); the answer is the compact JWS
/// (<c>application/jwt</c>). A receipt of another provider is answered exactly like an unknown one.
/// </summary>
public static class ReceiptEndpoints
{
    public const string JwksPath = "/receipts/jwks";

    public static IEndpointRouteBuilder MapReceipts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(JwksPath, (ReceiptKeys keys, HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(keys.Jwks, "application/jwk-set+json");
        });
        endpoints.MapGet("/receipts/{id}", FetchAsync);
        return endpoints;
    }

    private static async Task<IResult> FetchAsync(string id, HttpContext http, IGrainFactory grains)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (await AuthenticateAsync(http, grains) is not { } clientId)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"hawiya-receipts\"";
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", "Authenticate with the client_id and client_secret (HTTP Basic).");
        }

        if (ReceiptIds.SessionOf(id) is not { } sessionId || !sessionId.StartsWith("s-", StringComparison.Ordinal))
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "This is not a receipt id.");
        }

        var session = await grains.GetGrain<IAuthSessionGrain>(sessionId).GetAsync();
        var receipt = session.Start?.ClientId == clientId && session.CitizenKey is { } citizen
            ? await grains.GetGrain<ICitizenJournalGrain>(citizen).GetReceiptAsync(id)
            : null;
        return receipt is null
            ? Error(StatusCodes.Status404NotFound, "not_found", "No such receipt for this client, or it is no longer kept.")
            : Results.Text(receipt, "application/jwt");
    }

    /// <summary>RFC 6749 §2.3.1: Basic with the form-urlencoded client id and secret; the secret is compared by digest.</summary>
    private static async Task<string?> AuthenticateAsync(HttpContext http, IGrainFactory grains)
    {
        if (!AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header)
            || !"Basic".Equals(header.Scheme, StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var clientId = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
        var secret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
        if (!ClientIds.IsValid(clientId))
        {
            return null;
        }

        var provider = await grains.GetGrain<IServiceProviderGrain>(clientId).GetAsync();
        if (!provider.IsAccredited || provider.Registration?.ClientSecretHash is not { } expected)
        {
            return null;
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        // SECURITY: constant-time comparison of the digests.
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(actual), Encoding.ASCII.GetBytes(expected.ToLowerInvariant()))
            ? clientId
            : null;
    }

    private static IResult Error(int status, string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);
}
