using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Hawiya.Server.Oidc.Endpoints;
using Hawiya.Server.Pages;
using Hawiya.Server.Oidc.Stores;
using Microsoft.IdentityModel.JsonWebTokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Traffic;

/// <summary>What traffic control needs to know of a request, read cheaply before any other work.</summary>
/// <param name="ClientId">The provider the request is charged to, when it names one.</param>
/// <param name="Priority">A login past identification, or the redemption of its code: finished first under overload.</param>
public sealed record RequestClass(string? ClientId, bool Priority);

public static class RequestClassifier
{
    /// <summary>
    /// Paths the shedder never counts: health probes and operators must get through an overload;
    /// the reader agents' WebSocket lives for hours and would hold a slot all that time (issue 26),
    /// so it has its own caps, per silo and per IP, and a handshake deadline (Cards/EdgeConnections).
    /// </summary>
    public static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/operator") || path.StartsWithSegments("/dev")
        || path.StartsWithSegments(LongLivedSocketPath);

    /// <summary>The reader agents' WebSocket (RFC 6455).</summary>
    public const string LongLivedSocketPath = "/edge/connect";

    /// <summary>Paths charged to a provider's quota.</summary>
    public static bool IsProviderPath(PathString path) =>
        path.StartsWithSegments("/connect") || path.StartsWithSegments("/unicity");

    /// <summary>
    /// The provider: <c>client_id</c> in the query or the form, the user of a Basic header
    /// (RFC 6749 §2.3.1), or the client named by a Bearer token or client assertion. Nothing is
    /// verified here (that is the endpoint's work): a request naming another provider only
    /// spends that provider's allowance, within what the silo's overload limit lets through.
    /// </summary>
    public static async Task<RequestClass> ClassifyAsync(HttpRequest request)
    {
        if (!IsProviderPath(request.Path))
        {
            return new RequestClass(null, Priority: false);
        }

        IFormCollection? form = null;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            try
            {
                form = await request.ReadFormAsync();
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                // A malformed body is the endpoint's to refuse, with its own error; here it names no one.
            }
        }

        var clientId = FirstNonEmpty(request.Query[Parameters.ClientId], form?[Parameters.ClientId])
            ?? BasicUser(request.Headers.Authorization.ToString())
            ?? TokenClient(request.Headers.Authorization.ToString(), form?[Parameters.ClientAssertion].ToString());
        return new RequestClass(clientId, IsLoginUnderWay(request, form));
    }

    /// <summary>
    /// A login page posting back a step after identification (its flow cookie is there), or a
    /// code being redeemed: work whose earlier steps were already paid for.
    /// </summary>
    private static bool IsLoginUnderWay(HttpRequest request, IFormCollection? form)
    {
        if (form is null)
        {
            return false;
        }

        if (request.Path.StartsWithSegments("/connect/token"))
        {
            return form[Parameters.GrantType] == GrantTypes.AuthorizationCode;
        }

        if (!(request.Path.StartsWithSegments(LoginPages.AuthorizePath) || request.Path.StartsWithSegments(LoginPages.PageStepPath))
            || form["step"].ToString() is "" or "identify")
        {
            return false;
        }

        var sessionId = LoginIds.SessionOfRequestUri(form[Parameters.RequestUri].ToString());
        // The cookie's name is enough: its value is checked by the flow, and a forged name only
        // moves a request into the reserve, which is bounded too.
        return sessionId is { Length: >= 12 } && request.Cookies.ContainsKey(LoginIds.FlowCookieName(sessionId));
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static string? BasicUser(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? Uri.UnescapeDataString(pair[..colon]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? TokenClient(string authorization, string? assertion)
    {
        var jwt = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization.AsSpan(7).Trim() : assertion.AsSpan();
        if (jwt.IsEmpty)
        {
            return null;
        }

        // Only the payload's client_id (or, for a client assertion, iss) is wanted, unverified:
        // read those two members instead of building the token's whole claim set.
        var first = jwt.IndexOf('.');
        var second = first < 0 ? -1 : jwt[(first + 1)..].IndexOf('.');
        if (second < 0 || second > MaxPayloadChars)
        {
            return null;
        }

        Span<byte> payload = stackalloc byte[Base64Url.GetMaxDecodedLength(second)];
        if (Base64Url.DecodeFromChars(jwt.Slice(first + 1, second), payload, out _, out var length) != OperationStatus.Done)
        {
            return null;
        }

        try
        {
            string? clientId = null, issuer = null;
            var reader = new Utf8JsonReader(payload[..length]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isClient = reader.ValueTextEquals(Claims.ClientId);
                var isIssuer = reader.ValueTextEquals(Claims.Issuer);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && (isClient || isIssuer))
                {
                    if (isClient) { clientId = reader.GetString(); } else { issuer = reader.GetString(); }
                }
                else
                {
                    reader.Skip();
                }
            }

            return clientId ?? (assertion is not null ? issuer : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A payload longer than this is no token of ours; its provider is not guessed.</summary>
    private const int MaxPayloadChars = 8 * 1024;
}
