namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// Charges a request to the provider it was verified to come from: called only once OpenIddict
/// has validated the request (client and redirect URI at the authorization endpoint) or
/// authenticated the client (token, PAR, introspection, revocation), and by the client
/// credentials lane once it checked the secret. Traffic control implements it; the OIDC
/// server only calls it, so neither folder names the other back.
/// </summary>
public interface IProviderQuotaCharge
{
    /// <returns>True to go on; false when the provider is over its quota and the 429 is written.</returns>
    ValueTask<bool> TryChargeAsync(HttpContext http, string clientId);
}
