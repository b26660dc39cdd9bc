using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hawiya.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Operators;

/// <summary>
/// Admits a request that carries the operator token, as a Bearer token (RFC 6750) or
/// as the Basic password of user "operator" (RFC 7617, so a browser can show the views).
/// </summary>
internal sealed class OperatorAuthorization(IOptions<SecretSettings> secrets) : IEndpointFilter
{
    private const string OperatorUser = "operator";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (IsOperator(http.Request.Headers.Authorization.ToString()))
        {
            return await next(context);
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"Hawiya operators\", charset=\"UTF-8\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Operator credentials required.");
    }

    private bool IsOperator(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is null)
        {
            return false;
        }

        var presented = value.Scheme.ToLowerInvariant() switch
        {
            "bearer" => value.Parameter,
            "basic" => DecodeBasicPassword(value.Parameter),
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
