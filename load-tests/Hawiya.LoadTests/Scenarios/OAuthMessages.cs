using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>A successful token response (RFC 6749 §5.1).</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, long ExpiresIn, string? IdToken, string? RefreshToken)
{
    /// <summary>Reads a 200 token response; anything else is a refusal or a wrong answer.</summary>
    public static TokenResponse Read(HttpReply reply)
    {
        if (reply.Code != 200)
        {
            throw LoadFailure.Refused(reply);
        }

        using var document = TokenChecks.Parse(reply.Body, "token response");
        var root = document.RootElement;
        var access = String(root, "access_token") ?? throw LoadFailure.Wrong("token response has no access_token");
        var type = String(root, "token_type");
        if (!string.Equals(type, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw LoadFailure.Wrong("token_type is not Bearer");
        }

        var expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var seconds) ? seconds : 0;
        if (expiresIn <= 0)
        {
            throw LoadFailure.Wrong("expires_in is missing or not positive");
        }

        return new TokenResponse(access, type!, expiresIn, String(root, "id_token"), String(root, "refresh_token"));
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The secrets one authorization request is bound to: state, nonce and the PKCE pair (RFC 7636).</summary>
public sealed record AuthorizationSecrets(string State, string Nonce, string CodeVerifier, string CodeChallenge)
{
    public static AuthorizationSecrets Create()
    {
        // RFC 7636 §4.1: 32 random octets, base64url, give a 43-character verifier.
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return new AuthorizationSecrets(
            Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            verifier,
            challenge);
    }
}

/// <summary>Reads the redirect that ends the authorization (RFC 6749 §4.1.2, RFC 9207).</summary>
public static class AuthorizationRedirect
{
    /// <summary>The code from a redirect to <paramref name="redirectUri"/>; an error redirect is a refusal, a wrong state or iss a wrong answer.</summary>
    public static string ReadCode(string? location, string redirectUri, string state, string issuer)
    {
        if (location is null || !location.StartsWith(redirectUri + "?", StringComparison.Ordinal))
        {
            throw LoadFailure.Wrong("the authorization redirect does not go to the registered redirect_uri");
        }

        var query = HttpUtility.ParseQueryString(location[(redirectUri.Length + 1)..]);
        if (query["error"] is { } error)
        {
            throw new LoadFailure("redirect error " + error, wrongAnswer: false);
        }

        if (query["state"] != state)
        {
            throw LoadFailure.Wrong("state in the redirect differs from the request's");
        }

        // RFC 9207 §2.4: when iss is present, it must be the issuer the request went to.
        if (query["iss"] is { } iss && iss != issuer)
        {
            throw LoadFailure.Wrong("iss in the redirect is not the issuer");
        }

        return query["code"] is { Length: > 0 } code ? code : throw LoadFailure.Wrong("the authorization redirect carries no code");
    }
}
