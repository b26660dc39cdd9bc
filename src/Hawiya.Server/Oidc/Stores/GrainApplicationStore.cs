using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Hawiya.Contracts.Providers;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;

namespace Hawiya.Server.Oidc.Stores;

/// <summary>
/// Applications are <see cref="IServiceProviderGrain"/>s. SECURITY: only an accredited
/// provider is found at all, so a suspended or pending one is refused at once on every
/// endpoint, by every silo, with no cache to expire.
/// </summary>
/// <remarks>
/// Scoped: one instance per request. OpenIddict looks the client up once per check (client id,
/// type, secret, each permission, the token's principal: eight times for a client-credentials
/// grant); the provider's grain is read once per request (<see cref="Endpoints.RequestProviders"/>,
/// shared with the login pages) and the entity built from it kept for the rest of the request.
/// </remarks>
public sealed class GrainApplicationStore(Endpoints.RequestProviders providers) : IOpenIddictApplicationStore<OidcApplication>
{
    private const string Operators = "the operator API (/operator/providers)";

    private string? _foundId;
    private OidcApplication? _found;

    public async ValueTask<OidcApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken)
    {
        if (!ClientIds.IsValid(identifier))
        {
            return null;
        }

        if (string.Equals(_foundId, identifier, StringComparison.Ordinal))
        {
            return _found;
        }

        var provider = await providers.GetAsync(identifier);
        _found = provider.IsAccredited && provider.Registration is not null ? OidcApplication.From(provider) : null;
        _foundId = identifier;
        return _found;
    }

    public ValueTask<OidcApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        FindByClientIdAsync(identifier, cancellationToken);

    // Redirect URIs are always checked against the client named in the request; a look-up by
    // URI alone is never needed (end-session requests must name the client, see EndSessionRules).
    public IAsyncEnumerable<OidcApplication> FindByPostLogoutRedirectUriAsync(string uri, CancellationToken cancellationToken) => AsyncEnumerable.Empty<OidcApplication>();

    public IAsyncEnumerable<OidcApplication> FindByRedirectUriAsync(string uri, CancellationToken cancellationToken) => AsyncEnumerable.Empty<OidcApplication>();

    public ValueTask<string?> GetApplicationTypeAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.ApplicationType);
    public ValueTask<string?> GetClientIdAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.ClientId);
    public ValueTask<string?> GetClientSecretAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.ClientSecret);
    public ValueTask<string?> GetClientTypeAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.ClientType);
    public ValueTask<string?> GetConsentTypeAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.ConsentType);
    public ValueTask<string?> GetDisplayNameAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.DisplayName);
    public ValueTask<ImmutableDictionary<CultureInfo, string>> GetDisplayNamesAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.DisplayNames);
    public ValueTask<string?> GetIdAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.Id);
    public ValueTask<JsonWebKeySet?> GetJsonWebKeySetAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.JsonWebKeySet);
    public ValueTask<ImmutableArray<string>> GetPermissionsAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.Permissions);
    public ValueTask<ImmutableArray<string>> GetPostLogoutRedirectUrisAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.PostLogoutRedirectUris);
    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.Properties);
    public ValueTask<ImmutableArray<string>> GetRedirectUrisAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.RedirectUris);
    public ValueTask<ImmutableArray<string>> GetRequirementsAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.Requirements);
    public ValueTask<ImmutableDictionary<string, string>> GetSettingsAsync(OidcApplication application, CancellationToken cancellationToken) => new(application.Settings);
    public ValueTask<OidcApplication> InstantiateAsync(CancellationToken cancellationToken) => new(new OidcApplication());

    public ValueTask SetApplicationTypeAsync(OidcApplication application, string? type, CancellationToken cancellationToken) => EntityFields.Set(() => application.ApplicationType = type);
    public ValueTask SetClientIdAsync(OidcApplication application, string? identifier, CancellationToken cancellationToken) => EntityFields.Set(() => application.ClientId = identifier);
    public ValueTask SetClientSecretAsync(OidcApplication application, string? secret, CancellationToken cancellationToken) => EntityFields.Set(() => application.ClientSecret = secret);
    public ValueTask SetClientTypeAsync(OidcApplication application, string? type, CancellationToken cancellationToken) => EntityFields.Set(() => application.ClientType = type);
    public ValueTask SetConsentTypeAsync(OidcApplication application, string? type, CancellationToken cancellationToken) => EntityFields.Set(() => application.ConsentType = type);
    public ValueTask SetDisplayNameAsync(OidcApplication application, string? name, CancellationToken cancellationToken) => EntityFields.Set(() => application.DisplayName = name);
    public ValueTask SetDisplayNamesAsync(OidcApplication application, ImmutableDictionary<CultureInfo, string> names, CancellationToken cancellationToken) => EntityFields.Set(() => application.DisplayNames = names);
    public ValueTask SetJsonWebKeySetAsync(OidcApplication application, JsonWebKeySet? set, CancellationToken cancellationToken) => EntityFields.Set(() => application.JsonWebKeySet = set);
    public ValueTask SetPermissionsAsync(OidcApplication application, ImmutableArray<string> permissions, CancellationToken cancellationToken) => EntityFields.Set(() => application.Permissions = permissions);
    public ValueTask SetPostLogoutRedirectUrisAsync(OidcApplication application, ImmutableArray<string> uris, CancellationToken cancellationToken) => EntityFields.Set(() => application.PostLogoutRedirectUris = uris);
    public ValueTask SetPropertiesAsync(OidcApplication application, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken) => EntityFields.Set(() => application.Properties = properties);
    public ValueTask SetRedirectUrisAsync(OidcApplication application, ImmutableArray<string> uris, CancellationToken cancellationToken) => EntityFields.Set(() => application.RedirectUris = uris);
    public ValueTask SetRequirementsAsync(OidcApplication application, ImmutableArray<string> requirements, CancellationToken cancellationToken) => EntityFields.Set(() => application.Requirements = requirements);
    public ValueTask SetSettingsAsync(OidcApplication application, ImmutableDictionary<string, string> settings, CancellationToken cancellationToken) => EntityFields.Set(() => application.Settings = settings);

    public ValueTask CreateAsync(OidcApplication application, CancellationToken cancellationToken) => throw GrainStoreErrors.ManagedElsewhere("Providers", Operators);
    public ValueTask UpdateAsync(OidcApplication application, CancellationToken cancellationToken) => throw GrainStoreErrors.ManagedElsewhere("Providers", Operators);
    public ValueTask DeleteAsync(OidcApplication application, CancellationToken cancellationToken) => throw GrainStoreErrors.ManagedElsewhere("Providers", Operators);

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Counting providers");
    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OidcApplication>, IQueryable<TResult>> query, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Counting providers");
    public ValueTask<TResult?> GetAsync<TState, TResult>(Func<IQueryable<OidcApplication>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Querying providers");
    public IAsyncEnumerable<OidcApplication> ListAsync(int? count, int? offset, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Listing providers");
    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(Func<IQueryable<OidcApplication>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Listing providers");
}
