using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.LoadTests.Checks;

/// <summary>What an ID token must say for the login that asked for it (OIDC Core §3.1.3.7).</summary>
public sealed record IdTokenExpectation
{
    public required string ClientId { get; init; }

    /// <summary>The nonce sent with the authorization request; null for a token refreshed later (§12.2).</summary>
    public string? Nonce { get; init; }

    /// <summary>The subject already known for this citizen and sector, if any.</summary>
    public string? Subject { get; init; }

    public required string Acr { get; init; }

    /// <summary>The exact amr set (RFC 8176), order ignored.</summary>
    public required IReadOnlyCollection<string> Amr { get; init; }

    /// <summary>auth_time may not precede this instant (the login began then), less the clock skew.</summary>
    public DateTimeOffset? AuthenticatedAfter { get; init; }

    /// <summary>Attribute claims the token must carry with exactly these values.</summary>
    public IReadOnlyDictionary<string, string> Claims { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Checks signed tokens (signature against the issuer's JWKS, issuer, audience, lifetime) and
/// the claims of ID tokens and userinfo answers. Every disagreement is a wrong answer.
/// </summary>
public sealed class TokenChecks(string issuer, JwksCache keys, TimeProvider time)
{
    /// <summary>Client and server share a machine or NTP; a minute covers any honest drift.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private static readonly string[] Algorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public string Issuer => issuer;

    /// <summary>Validates signature, iss, exp and (when given) aud; returns the token.</summary>
    public async Task<JsonWebToken> ValidateAsync(string? token, string? audience, string what, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw LoadFailure.Wrong($"{what} missing");
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(await keys.GetAsync(cancellationToken), audience));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException && await keys.RefreshAsync(cancellationToken))
        {
            result = await _handler.ValidateTokenAsync(token, Parameters(keys.Keys, audience));
        }

        if (!result.IsValid)
        {
            throw LoadFailure.Wrong($"{what} {Reason(result.Exception)}");
        }

        return (JsonWebToken)result.SecurityToken;
    }

    /// <summary>Checks the claims of a validated ID token against what the login asked for.</summary>
    public void CheckIdToken(JsonWebToken token, IdTokenExpectation expected)
    {
        if (expected.Nonce is not null && Claim(token, "nonce") != expected.Nonce)
        {
            throw LoadFailure.Wrong("id_token nonce differs from the request's");
        }

        var subject = token.Subject;
        if (string.IsNullOrEmpty(subject))
        {
            throw LoadFailure.Wrong("id_token has no sub");
        }

        if (expected.Subject is not null && subject != expected.Subject)
        {
            throw LoadFailure.Wrong("id_token sub differs from this citizen's pairwise subject");
        }

        if (Claim(token, "acr") != expected.Acr)
        {
            throw LoadFailure.Wrong($"id_token acr is not {expected.Acr}");
        }

        var amr = token.Claims.Where(c => c.Type == "amr").Select(c => c.Value);
        if (!amr.ToHashSet(StringComparer.Ordinal).SetEquals(expected.Amr))
        {
            throw LoadFailure.Wrong($"id_token amr is not [{string.Join(',', expected.Amr)}]");
        }

        if (!token.TryGetPayloadValue<long>("auth_time", out var authTime))
        {
            throw LoadFailure.Wrong("id_token has no auth_time");
        }

        var authenticated = DateTimeOffset.FromUnixTimeSeconds(authTime);
        if (authenticated > time.GetUtcNow() + ClockSkew
            || (expected.AuthenticatedAfter is { } after && authenticated < after - ClockSkew))
        {
            throw LoadFailure.Wrong("id_token auth_time is outside this login");
        }

        CheckAttributes(expected.Claims, name => Claim(token, name), "id_token");
    }

    /// <summary>Checks a userinfo answer (OIDC Core §5.3.2): same sub as the ID token, the citizen's attributes.</summary>
    public static void CheckUserInfo(string json, string subject, IReadOnlyDictionary<string, string> claims)
    {
        using var document = Parse(json, "userinfo");
        var root = document.RootElement;
        if (!root.TryGetProperty("sub", out var sub) || sub.GetString() != subject)
        {
            throw LoadFailure.Wrong("userinfo sub differs from the id_token's");
        }

        CheckAttributes(claims, name => root.TryGetProperty(name, out var v) ? Text(v) : null, "userinfo");
    }

    /// <summary>Reads a JSON body, a wrong answer when it is not a JSON object.</summary>
    public static JsonDocument Parse(string json, string what)
    {
        try
        {
            var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        throw LoadFailure.Wrong($"{what} is not a JSON object");
    }

    private static void CheckAttributes(IReadOnlyDictionary<string, string> expected, Func<string, string?> read, string what)
    {
        foreach (var (name, value) in expected)
        {
            if (read(name) != value)
            {
                // The claim's name only: its value is personal data.
                throw LoadFailure.Wrong($"{what} {name} is not this citizen's");
            }
        }
    }

    /// <summary>A claim's value as text: strings as they are, booleans as true/false, objects as JSON.</summary>
    private static string? Claim(JsonWebToken token, string name) =>
        token.TryGetClaim(name, out var claim) ? claim.Value : null;

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };

    private TokenValidationParameters Parameters(IReadOnlyList<SecurityKey> signingKeys, string? audience) => new()
    {
        ValidIssuer = issuer,
        ValidateIssuer = true,
        ValidAudience = audience,
        ValidateAudience = audience is not null,
        IssuerSigningKeys = signingKeys,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ValidAlgorithms = Algorithms,
        ClockSkew = ClockSkew,
        // The library's own check reads the system clock; this one reads the injected time.
        LifetimeValidator = (notBefore, expires, _, _) => IsLive(notBefore, expires),
    };

    private bool IsLive(DateTime? notBefore, DateTime? expires)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now < exp + ClockSkew && (notBefore is not { } nbf || nbf - ClockSkew <= now);
    }

    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException => "signed by an unknown key",
        SecurityTokenInvalidSignatureException => "signature does not verify",
        SecurityTokenInvalidAudienceException => "aud is not this client",
        SecurityTokenInvalidIssuerException => "iss is not the issuer",
        SecurityTokenInvalidLifetimeException => "expired, not yet valid or without exp",
        SecurityTokenInvalidAlgorithmException => "signed with an algorithm not allowed",
        SecurityTokenMalformedException or ArgumentException => "malformed",
        null => "invalid",
        _ => "invalid (" + exception.GetType().Name + ")",
    };
}
