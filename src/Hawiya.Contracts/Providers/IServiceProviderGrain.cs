namespace Hawiya.Contracts.Providers;

/// <summary>
/// One per accredited client, keyed by its <c>client_id</c>.
/// Requested → accredited ↔ suspended. Refused operations change nothing.
/// </summary>
[Alias("hawiya.IServiceProviderGrain")]
public interface IServiceProviderGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<ProviderSnapshot> GetAsync();

    /// <summary>Unknown → requested; while requested, a new registration replaces the pending one.</summary>
    [Alias("Register")]
    Task<ProviderResult> RegisterAsync(ProviderRegistration registration);

    /// <summary>Amends the registration of a provider already known (new redirect URIs, keys, quota); keeps its status.</summary>
    [Alias("UpdateRegistration")]
    Task<ProviderResult> UpdateRegistrationAsync(ProviderRegistration registration);

    /// <summary>Requested → accredited.</summary>
    [Alias("Accredit")]
    Task<ProviderResult> AccreditAsync();

    /// <summary>Accredited → suspended.</summary>
    [Alias("Suspend")]
    Task<ProviderResult> SuspendAsync(string reason);

    /// <summary>Suspended → accredited.</summary>
    [Alias("Reinstate")]
    Task<ProviderResult> ReinstateAsync();
}
