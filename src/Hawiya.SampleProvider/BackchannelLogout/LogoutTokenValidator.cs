using System.Text.Json;
using Hawiya.SampleProvider.Tokens;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.SampleProvider.BackchannelLogout;

/// <summary>The outcome of checking a logout token: the session to end, or why the token was refused.</summary>
internal sealed record LogoutTokenResult(string? Sid, string? Sub, string? Error)
{
    public bool IsValid => Error is null;

    public static LogoutTokenResult Refused(string error) => new(null, null, error);
}

/// <summary>
/// Validates a logout token as OpenID Connect Back-Channel Logout 1.0 §2.6 requires. The
/// checks are in the order of that section; each refusal names the rule it enforces.
/// </summary>
internal sealed class LogoutTokenValidator(ProviderTokenValidation provider, TimeProvider time)
{
    public const string BackchannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>How old a logout token may be: it is sent right after the logout, and retried for a short while.</summary>
    public static readonly TimeSpan MaximumAge = TimeSpan.FromMinutes(10);

    private static readonly JsonWebTokenHandler Reader = new();

    public async Task<LogoutTokenResult> ValidateAsync(string logoutToken, CancellationToken cancellationToken)
    {
        if (!Reader.CanReadToken(logoutToken))
        {
            return LogoutTokenResult.Refused("logout_token is not a JWT");
        }

        var unverified = Reader.ReadJsonWebToken(logoutToken);

        // §2.6 step 1: an encrypted logout token would have to be decrypted with a key this
        // client registered; it registered none, so a JWE is not for us.
        if (unverified.IsEncrypted)
        {
            return LogoutTokenResult.Refused("encrypted logout tokens are not accepted by this client");
        }

        // §2.4: explicit typing with "logout+jwt" is recommended; a token typed as anything else
        // (an access token "at+jwt", say) is a different kind of token and is refused.
        if (!IsAcceptedType(unverified.Typ))
        {
            return LogoutTokenResult.Refused("typ must be logout+jwt (or JWT)");
        }

        // §2.6 steps 2 and 3: signature with the provider's keys, iss, aud and exp (when present)
        // the way an ID token's are checked (Core §3.1.3.7).
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await provider.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or IOException)
        {
            return LogoutTokenResult.Refused("the provider's keys could not be fetched to check the signature");
        }

        var result = await provider.ValidateAsync(logoutToken, provider.Parameters(configuration, requireExpiration: false));
        if (!result.IsValid)
        {
            return LogoutTokenResult.Refused(ProviderTokenValidation.Describe(result.Exception));
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(((JsonWebToken)result.SecurityToken).EncodedPayload));
        return CheckClaims(payload.RootElement, time.GetUtcNow());
    }

    /// <summary>§2.4 and §2.6 steps 3 to 6, on the verified payload.</summary>
    internal static LogoutTokenResult CheckClaims(JsonElement claims, DateTimeOffset now)
    {
        // Step 3: iat as for ID tokens, which lets a client refuse tokens issued too long ago.
        if (!claims.TryGetProperty("iat", out var iat) || !iat.TryGetInt64(out var issuedAtSeconds))
        {
            return LogoutTokenResult.Refused("iat is missing");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(issuedAtSeconds);
        if (issuedAt > now + ProviderTokenValidation.ClockSkew)
        {
            return LogoutTokenResult.Refused("iat is in the future");
        }

        if (issuedAt < now - MaximumAge - ProviderTokenValidation.ClockSkew)
        {
            return LogoutTokenResult.Refused("iat is too old");
        }

        // Step 4: a sid, a sub, or both, naming what to log out.
        var sid = NonEmptyString(claims, "sid");
        var sub = NonEmptyString(claims, "sub");
        if (sid is null && sub is null)
        {
            return LogoutTokenResult.Refused("the token names neither sid nor sub");
        }

        // Step 5: events holds the back-channel logout event, as a JSON object (§2.4).
        if (!claims.TryGetProperty("events", out var events)
            || events.ValueKind != JsonValueKind.Object
            || !events.TryGetProperty(BackchannelLogoutEvent, out var logoutEvent)
            || logoutEvent.ValueKind != JsonValueKind.Object)
        {
            return LogoutTokenResult.Refused($"events must contain {BackchannelLogoutEvent}");
        }

        // Step 6: no nonce, so that an ID token can never be passed off as a logout token.
        if (claims.TryGetProperty("nonce", out _))
        {
            return LogoutTokenResult.Refused("a logout token must not contain a nonce");
        }

        // Step 7 (jti replay) is optional and skipped: replaying a logout only ends a session again.
        return new LogoutTokenResult(sid, sub, null);
    }

    private static bool IsAcceptedType(string? typ) =>
        string.IsNullOrEmpty(typ)
        || typ.Equals("JWT", StringComparison.OrdinalIgnoreCase)
        || typ.Equals("logout+jwt", StringComparison.OrdinalIgnoreCase)
        || typ.Equals("application/logout+jwt", StringComparison.OrdinalIgnoreCase);

    private static string? NonEmptyString(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
