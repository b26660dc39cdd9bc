namespace Hawiya.Server.Pages;

/// <summary>
/// A page of the server (login, consent, errors, the operators' cluster view) with the headers
/// that keep it from being framed, cached or leaking
/// the request in a referrer. SECURITY: the consent button must not be clickable through a
/// transparent frame on another site (clickjacking), and a page holding a login step must not
/// be replayed from a shared cache or the browser's history.
/// </summary>
public sealed class LoginPageResult(string html, int status) : IResult
{
    /// <summary>
    /// The pages use one inline style block and no script (CSP Level 3 §6.4.2 frame-ancestors;
    /// RFC 7034 X-Frame-Options for browsers without it).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

    public static void AddHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        // RFC 9111 §5.2.2.5: nothing of a login step is stored by any cache.
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
    }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        AddHeaders(response);
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync(html);
    }
}
