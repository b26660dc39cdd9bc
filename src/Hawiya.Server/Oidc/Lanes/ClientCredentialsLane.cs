using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Oidc.Endpoints;
using Hawiya.Server.Oidc.Handlers;
using Hawiya.Server.Oidc.Keys;
using Hawiya.Server.Oidc.Managers;
using Hawiya.Server.Oidc.Stores;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Lanes;

/// <summary>
/// A provider's back end asking for its own access token (RFC 6749 §4.4) is the commonest
/// token request at a deadline, and the plainest: this lane answers the well-formed ones
/// without OpenIddict's generic pipeline (some fifty handlers, eight look-ups of the client,
/// a claims principal built and serialized through Microsoft.IdentityModel), at one grain
/// call, one SHA-256 and one ES256 signature each. The token is the one OpenIddict issues
/// for the same request: same header, same claims, same key, same lifetime.
/// </summary>
/// <remarks>
/// SECURITY: the lane only ever issues; it never refuses. Anything it is not sure of — another
/// parameter, a second credential, an unknown, suspended or public client, a wrong secret, a
/// scope not registered or not granted, <c>openid</c> (which asks for an identity token) —
/// goes on to OpenIddict, which answers it exactly as before, errors included.
/// </remarks>
public sealed class ClientCredentialsLane(
    RequestProviders providers,
    OidcKeyRing keys,
    IOptionsMonitor<OpenIddictServerOptions> server,
    IOptions<OidcSettings> settings,
    TimeProvider time,
    IEnumerable<IProviderQuotaCharge> charges)
{
    private static readonly PathString TokenPath = new("/connect/token");
    private static readonly JsonEncodedText AccessTokenName = JsonEncodedText.Encode(Parameters.AccessToken);
    private static readonly JsonEncodedText TokenTypeName = JsonEncodedText.Encode(Parameters.TokenType);
    private static readonly JsonEncodedText ExpiresInName = JsonEncodedText.Encode(Parameters.ExpiresIn);

    private SigningKeyCache? _signer;

    /// <summary>Whether the request is a form post to the token endpoint: the only ones worth reading.</summary>
    public static bool MayApply(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.Equals(TokenPath, StringComparison.Ordinal)
        && request.HasFormContentType;

    /// <summary>Answers the request and returns true, or leaves it untouched for OpenIddict.</summary>
    public async Task<bool> TryAnswerAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!TryReadRequest(http.Request, form, out var clientId, out var secret, out var scopes, out var basic))
        {
            return false;
        }

        var provider = await providers.GetAsync(clientId);
        if (!provider.IsAccredited || provider.Registration is null)
        {
            return false;
        }

        var application = OidcApplication.From(provider);
        // SECURITY: only the method the client registered (see RequireRegisteredClientAuthentication).
        var used = basic ? ClientAuthMethod.ClientSecretBasic : ClientAuthMethod.ClientSecretPost;
        if (provider.Registration.ClientAuthMethod != used
            || application.ClientType != ClientTypes.Confidential
            || application.ClientSecret is not { } digest
            || !application.Permissions.Contains(Permissions.Endpoints.Token)
            || !application.Permissions.Contains(Permissions.GrantTypes.ClientCredentials)
            || !scopes.All(s => application.Permissions.Contains(Permissions.Prefixes.Scope + s))
            || !HawiyaApplicationManager.Matches(secret, digest))
        {
            return false;
        }

        // SECURITY: the quota is charged only now that the secret matched (see ChargeVerifiedClient).
        foreach (var charge in charges)
        {
            if (!await charge.TryChargeAsync(http, clientId))
            {
                return true;
            }
        }

        var options = server.CurrentValue;
        var signer = Signer(options);
        if (signer is null)
        {
            return false;
        }

        var issuer = options.Issuer?.AbsoluteUri ?? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/";
        var now = time.GetUtcNow();
        var expires = (now + (options.AccessTokenLifetime ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds();
        var token = signer.Sign(Payload(issuer, settings.Value.AccessTokenAudience, clientId, scopes, now.ToUnixTimeSeconds(), expires));
        // The lifetime written in the token (OpenIddict's own count may be a second less or more).
        await WriteAsync(http.Response, token, expires - now.ToUnixTimeSeconds());
        return true;
    }

    /// <summary>
    /// grant_type=client_credentials, optional scope, and the client's credentials either in a
    /// Basic header (RFC 6749 §2.3.1: form-encoded, then base64) or in the body, not both.
    /// </summary>
    private bool TryReadRequest(HttpRequest request, IFormCollection form, out string clientId, out string secret, out string[] scopes, out bool basic)
    {
        clientId = secret = string.Empty;
        scopes = [];
        var header = request.Headers.Authorization;
        basic = header.Count != 0;
        if (!Single(form, Parameters.GrantType, out var grant) || grant != GrantTypes.ClientCredentials)
        {
            return false;
        }

        var expected = 1;
        if (form.ContainsKey(Parameters.Scope))
        {
            if (!Single(form, Parameters.Scope, out var scope) || !TryReadScopes(scope, out scopes))
            {
                return false;
            }

            expected++;
        }

        if (!basic)
        {
            if (!Single(form, Parameters.ClientId, out clientId) || !Single(form, Parameters.ClientSecret, out secret))
            {
                return false;
            }

            expected += 2;
        }
        else if (header.Count != 1 || !TryReadBasic(header[0], out clientId, out secret))
        {
            return false;
        }

        return form.Count == expected && ClientIds.IsValid(clientId) && secret.Length > 0;
    }

    private bool TryReadScopes(string value, out string[] scopes)
    {
        // OpenIddict's GetScopes: split on spaces, distinct, in the order asked.
        scopes = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        var registered = server.CurrentValue.Scopes;
        return scopes.Length > 0
            && !scopes.Contains(Scopes.OpenId, StringComparer.Ordinal)
            && !scopes.Contains(Scopes.OfflineAccess, StringComparer.Ordinal)
            && scopes.All(registered.Contains);
    }

    private static bool TryReadBasic(string? header, out string clientId, out string secret)
    {
        clientId = secret = string.Empty;
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[512];
        var encoded = header.AsSpan(6).Trim();
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(decoded[..length]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || text.Contains('%', StringComparison.Ordinal) || text.Contains('+', StringComparison.Ordinal))
        {
            // Form-encoded credentials are rare; OpenIddict decodes them.
            return false;
        }

        clientId = text[..colon];
        secret = text[(colon + 1)..];
        return true;
    }

    private static bool Single(IFormCollection form, string name, out string value)
    {
        var values = form[name];
        value = values.Count == 1 ? values[0] ?? string.Empty : string.Empty;
        return values.Count == 1 && value.Length > 0;
    }

    /// <summary>The claims OpenIddict puts in a client-credentials access token, in its order.</summary>
    private static byte[] Payload(string issuer, string audience, string clientId, string[] scopes, long issuedAt, long expires)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(Claims.Issuer, issuer);
            json.WriteNumber(Claims.ExpiresAt, expires);
            json.WriteNumber(Claims.IssuedAt, issuedAt);
            // RFC 9068 §3: the resource the token is for.
            json.WriteString(Claims.Audience, audience);
            if (scopes.Length > 0)
            {
                json.WriteString(Claims.Scope, string.Join(' ', scopes));
            }

            json.WriteString(Claims.JwtId, Guid.NewGuid().ToString());
            json.WriteString(Claims.Subject, clientId);
            json.WriteString(Claims.ClientId, clientId);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task WriteAsync(HttpResponse response, string token, long expiresIn)
    {
        // RFC 6749 §5.1: the same answer and headers OpenIddict gives.
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json;charset=UTF-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
        var buffer = new ArrayBufferWriter<byte>(token.Length + 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(AccessTokenName, token);
            json.WriteString(TokenTypeName, TokenTypes.Bearer);
            json.WriteNumber(ExpiresInName, expiresIn);
            json.WriteEndObject();
        }

        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory);
    }

    /// <summary>The key OpenIddict would sign an access token with (see <see cref="ChooseSigningKey"/>), kept while it stays the one.</summary>
    private SigningKeyCache? Signer(OpenIddictServerOptions options)
    {
        var credentials = ChooseSigningKey.Pick(keys, options.SigningCredentials, rsa: false, time.GetUtcNow());
        if (credentials?.Key is not ECDsaSecurityKey || credentials.Algorithm != SecurityAlgorithms.EcdsaSha256)
        {
            return null;
        }

        var cached = _signer;
        if (cached is null || !ReferenceEquals(cached.Credentials, credentials))
        {
            cached = _signer = new SigningKeyCache(credentials);
        }

        return cached;
    }

    private sealed class SigningKeyCache
    {
        private readonly byte[] _header;
        private readonly SignatureProvider _signatures;

        public SigningKeyCache(SigningCredentials credentials)
        {
            Credentials = credentials;
            var key = credentials.Key;
            var header = new ArrayBufferWriter<byte>(96);
            using (var json = new Utf8JsonWriter(header))
            {
                json.WriteStartObject();
                json.WriteString(JwtHeaderParameterNames.Alg, SecurityAlgorithms.EcdsaSha256);
                if (key.KeyId is { } kid)
                {
                    json.WriteString(JwtHeaderParameterNames.Kid, kid);
                }

                json.WriteString(JwtHeaderParameterNames.Typ, JsonWebTokenTypes.AccessToken);
                json.WriteEndObject();
            }

            _header = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(header.WrittenSpan) + ".");
            // IdentityModel's provider is thread-safe and is what OpenIddict signs with.
            _signatures = key.CryptoProviderFactory.CreateForSigning(key, SecurityAlgorithms.EcdsaSha256);
        }

        public SigningCredentials Credentials { get; }

        public string Sign(byte[] payload)
        {
            var input = new byte[_header.Length + Base64Url.GetEncodedLength(payload.Length)];
            _header.CopyTo(input, 0);
            Base64Url.EncodeToUtf8(payload, input.AsSpan(_header.Length));
            var signature = _signatures.Sign(input);
            return string.Concat(Encoding.ASCII.GetString(input), ".", Base64Url.EncodeToString(signature));
        }
    }

    private static class JsonWebTokenTypes
    {
        public const string AccessToken = "at+jwt";
    }
}

public static class ClientCredentialsLaneExtensions
{
    /// <summary>
    /// Before authentication, where OpenIddict takes its requests; after traffic and abuse
    /// controls, which apply to the lane's requests as to any.
    /// </summary>
    public static IApplicationBuilder UseHawiyaClientCredentialsLane(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<OidcSettings>>().Value.ClientCredentialsLane)
        {
            return app;
        }

        var lane = app.Services.GetRequiredService<ClientCredentialsLane>();
        return app.Use(async (http, next) =>
        {
            if (!ClientCredentialsLane.MayApply(http.Request) || !await lane.TryAnswerAsync(http))
            {
                await next(http);
            }
        });
    }
}
