using Hawiya.Contracts.Sessions;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// RP-initiated logout (OIDC RP-Initiated Logout 1.0): ends the browser's single sign-on.
/// OpenIddict already checked that any post_logout_redirect_uri is registered, exactly, for
/// the client named, and sends the browser there with the state.
/// </summary>
public static class EndSession
{
    public static async Task<IResult> HandleAsync(HttpContext http, IGrainFactory grains)
    {
        if (await SingleSignOn.ReadAsync(http) is { } authentication)
        {
            await grains.GetGrain<IAuthSessionGrain>(authentication.OriginSessionId).EndSingleSignOnAsync();
        }

        await SingleSignOn.SignOutAsync(http);
        return Results.SignOut(properties: new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
