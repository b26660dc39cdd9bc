using System.Globalization;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Hosting;

/// <summary>
/// The error shape each client reads: OAuth and OpenID endpoints (<c>/connect/*</c>) answer the
/// RFC 6749 §5.2 JSON object (<c>error</c>, <c>error_description</c>) that client libraries parse;
/// everything else an RFC 9457 problem. Never cached.
/// </summary>
public static class ErrorAnswers
{
    public static async Task WriteAsync(HttpContext http, int status, TimeSpan? retryAfter, string error, string description)
    {
        http.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            // RFC 9110 §10.2.3: whole seconds, at least one.
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        http.Response.Headers.CacheControl = "no-store";
        if (http.Request.Path.StartsWithSegments("/connect"))
        {
            await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                [Parameters.Error] = error,
                [Parameters.ErrorDescription] = description,
            });
            return;
        }

        await Results.Problem(statusCode: status, title: error, detail: description, extensions: new Dictionary<string, object?> { ["error"] = error })
            .ExecuteAsync(http);
    }
}
