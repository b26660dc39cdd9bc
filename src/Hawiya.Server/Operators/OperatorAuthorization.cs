using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hawiya.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Operators;

/// <summary>
/// Admits a request that carries the operator token, as a Bearer token (RFC 6750) or, for
/// the read-only views (GET, HEAD), as the Basic password of user "operator" (RFC 7617, so a
/// browser can show them). A state-changing call takes the Bearer token only.
/// </summary>
internal sealed class OperatorAuthorization(IOptions<SecretSettings> secrets) : IEndpointFilter
{
    private const string OperatorUser = "operator";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // SECURITY: a browser caches Basic credentials and sends them with any request to the
        // origin, a cross-site form POST included (CSRF); it never adds a Bearer header by itself.
        // So Basic is good for the views (RFC 9110 §9.2.1 safe methods) and nothing else.
        var safe = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        if (IsOperator(http.Request.Headers.Authorization.ToString(), allowBasic: safe))
        {
            return await next(context);
        }

        http.Response.Headers.WWWAuthenticate = safe
            ? "Basic realm=\"Hawiya operators\", charset=\"UTF-8\""
            : "Bearer realm=\"Hawiya operators\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Operator credentials required.",
            detail: safe ? null : "Changes take the operator token as a Bearer token (RFC 6750); Basic is accepted for GET views only.");
    }

    private bool IsOperator(string header, bool allowBasic)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is null)
        {
            return false;
        }

        var presented = value.Scheme.ToLowerInvariant() switch
        {
            "bearer" => value.Parameter,
            "basic" when allowBasic => DecodeBasicPassword(value.Parameter),
            _ => null,
        };
        return presented is not null && Matches(presented);
    }

    private static string? DecodeBasicPassword(string parameter)
    {
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && pair[..colon] == OperatorUser ? pair[(colon + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // SECURITY: constant-time comparison of fixed-length digests, so timing reveals nothing of the token.
    private bool Matches(string presented) => CryptographicOperations.FixedTimeEquals(
        SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
        SHA256.HashData(Encoding.UTF8.GetBytes(secrets.Value.OperatorToken)));
}
