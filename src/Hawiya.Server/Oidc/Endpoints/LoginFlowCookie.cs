using Microsoft.AspNetCore.DataProtection;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// Binds a login session to the browser that started it. SECURITY: the request_uri travels in
/// URLs and could leak; without this cookie (HttpOnly, SameSite=Lax, protected) nobody else's
/// browser can drive the session, and a cross-site form post carries no cookie at all.
/// Outside Development it is always <c>Secure</c> (RFC 6265 §4.1.2.5): behind a proxy that ends
/// TLS the request the silo sees is plain HTTP, and the cookie must still never travel in clear.
/// </summary>
public sealed class LoginFlowCookie(IDataProtectionProvider protection, IHostEnvironment environment)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Hawiya.LoginFlow.v1");
    private readonly bool _development = environment.IsDevelopment();

    public void Issue(HttpContext http, string sessionId) =>
        http.Response.Cookies.Append(Name(sessionId), _protector.Protect(sessionId), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = !_development || http.Request.IsHttps,
            Path = "/connect",
            MaxAge = Grains.Sessions.AuthSessionGrain.LoginWindow,
        });

    public bool Matches(HttpContext http, string sessionId)
    {
        if (!http.Request.Cookies.TryGetValue(Name(sessionId), out var value))
        {
            return false;
        }

        try
        {
            return _protector.Unprotect(value) == sessionId;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    private static string Name(string sessionId) => LoginIds.FlowCookieName(sessionId);
}
