using Hawiya.Contracts.Citizens;
using Hawiya.Server.Pages;
using Hawiya.Server.Oidc.Release;
using Hawiya.Server.Oidc.Stores;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// Consent, in one place: whether the citizen's standing consent to a provider covers what this
/// login asks for, the page asking for it, and the grant when the citizen accepts.
/// </summary>
public sealed class Consents(IGrainFactory grains, ScopeDescriptions descriptions, TimeProvider time)
{
    /// <summary>True when <paramref name="consent"/> covers every scope (openid needs none) and every claim asked for.</summary>
    public static bool Covers(Consent? consent, IReadOnlyCollection<string> scopes, IReadOnlyCollection<string> claims) =>
        consent is not null
        && scopes.All(s => s == Scopes.OpenId || consent.Scopes.Contains(s))
        && claims.All(c => consent.Claims.Contains(c));

    /// <summary>The page listing, in the citizen's language, what the provider will receive.</summary>
    public async Task<string> PageAsync(PageFrame frame, IEnumerable<string> scopes, IReadOnlyCollection<string> claims) =>
        LoginPages.Consent(frame, await Task.WhenAll(scopes.Where(ScopeCatalog.ByName.ContainsKey).Select(descriptions.GetAsync)), claims);

    /// <summary>Records the citizen's consent to this provider for these scopes and claims; answers what the provider may be released.</summary>
    public Task<CitizenRelease> GrantAsync(string citizenKey, string clientId, string sector, string[] scopes, string[] claims) =>
        grains.GetGrain<ICitizenGrain>(citizenKey).GrantConsentAsync(new Consent
        {
            ClientId = clientId,
            Scopes = scopes,
            Claims = claims,
            GrantedAt = time.GetUtcNow(),
        }, sector);
}
