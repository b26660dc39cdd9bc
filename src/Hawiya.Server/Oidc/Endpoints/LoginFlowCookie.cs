using Microsoft.AspNetCore.DataProtection;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// Binds a login session to the browser that started it. SECURITY: the request_uri travels in
/// URLs and could leak; without this cookie (HttpOnly, SameSite=Lax, protected) nobody else's
/// browser can drive the session, and a cross-site form post carries no cookie at all.
/// </summary>
public sealed class LoginFlowCookie(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Hawiya.LoginFlow.v1");

    public void Issue(HttpContext http, string sessionId) =>
        http.Response.Cookies.Append(Name(sessionId), _protector.Protect(sessionId), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
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
