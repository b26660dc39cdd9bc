using System.Net;
using Hawiya.Contracts.Logout;
using Hawiya.Grains.Logout;
using Hawiya.Server.Oidc;
using Hawiya.Server.Oidc.Keys;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.Server.Citizens;

/// <summary>
/// Issues logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4) with the provider's own
/// signing keys, published in its JWKS, and POSTs them to the provider (§2.5).
/// </summary>
public sealed partial class LogoutTokenSender(
    OidcKeyRing keys,
    IOptions<OidcSettings> settings,
    IHttpClientFactory http,
    TimeProvider time,
    ILogger<LogoutTokenSender> logger) : IBackchannelLogoutSender
{
    public const string HttpClientName = "backchannel-logout";

    public const string BackchannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    /// <summary>§2.4 recommends explicit typing so that a logout token cannot pass for an ID token.</summary>
    public const string TokenType = "logout+jwt";

    /// <summary>Short: a fresh token is made for every retry.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Create(string clientId, string subject)
    {
        var issuer = settings.Value.Issuer
            ?? throw new InvalidOperationException("Hawiya:Oidc:Issuer must be set: logout tokens are issued outside any request.");
        var now = time.GetUtcNow();
        var key = keys.SigningKeys
            .Where(k => k.Key is ECDsaSecurityKey && k.ActiveFrom <= now)
            .OrderByDescending(k => k.ActiveFrom)
            .Select(k => k.Key)
            .FirstOrDefault() ?? throw new InvalidOperationException("No active ES256 signing key.");
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.AbsoluteUri,
            Audience = clientId,
            IssuedAt = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            TokenType = TokenType,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
            // §2.4: sub (and/or sid), a unique jti, the event, and never a nonce.
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = subject,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                ["events"] = new Dictionary<string, object> { [BackchannelLogoutEvent] = new Dictionary<string, object>() },
            },
        });
    }

    public async Task<LogoutAttempt> SendAsync(string clientId, Uri endpoint, string subject, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new FormUrlEncodedContent([new("logout_token", Create(clientId, subject))]);
            using var response = await http.CreateClient(HttpClientName).PostAsync(endpoint, content, cancellationToken);
            // §2.8: 200 OK on success (some frameworks answer 204); anything else is a failure to retry.
            if (response.IsSuccessStatusCode)
            {
                LogDelivered(clientId);
                return new LogoutAttempt(subject, true, null);
            }

            return new LogoutAttempt(subject, false, $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return new LogoutAttempt(subject, false, exception is HttpRequestException { StatusCode: null } ? "network error" : exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Back-channel logout delivered to {ClientId}")]
    private partial void LogDelivered(string clientId);
}
