using System.Collections.Immutable;
using System.Text.Json;
using Hawiya.Contracts.Sessions;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Stores;

/// <summary>An OpenIddict authorization: the grant one login session stands for.</summary>
public sealed class OidcAuthorization
{
    public string? Id { get; set; }
    public string? ApplicationId { get; set; }
    public string? Subject { get; set; }
    public string? Status { get; set; }
    public string? Type { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
    public ImmutableArray<string> Scopes { get; set; } = [];
    public ImmutableDictionary<string, JsonElement> Properties { get; set; } = ImmutableDictionary<string, JsonElement>.Empty;

    public static OidcAuthorization From(AuthorizationView view) => new()
    {
        Id = view.Id,
        ApplicationId = view.ClientId,
        Subject = view.Subject,
        Status = view.Revoked ? Statuses.Revoked : Statuses.Valid,
        Type = AuthorizationTypes.AdHoc,
        CreationDate = view.CreatedAt,
        Scopes = [.. view.Scopes],
    };
}

/// <summary>
/// Authorizations are login sessions: each login at a provider is one ad-hoc authorization,
/// with the scopes the citizen consented to, and every code and refresh token issued from it
/// hangs off that one <see cref="IAuthSessionGrain"/>. Revoking it (reuse of a code, of a
/// rotated refresh token, a consent withdrawn, "not me") is one grain call. The citizen's
/// standing consent per provider lives in the citizen grain.
/// Request-scoped, as the token store it shares what it read with: OpenIddict checks a code's or
/// refresh token's authorization right after the token store looked the token up with it (one
/// session call, not two), and userinfo reads the session the access token's authorization came
/// with (<see cref="GrainTokenStore.SessionReadWithToken"/>).
/// </summary>
public sealed class GrainAuthorizationStore(IGrainFactory grains, IOpenIddictTokenStore<OidcToken> tokens) : IOpenIddictAuthorizationStore<OidcAuthorization>
{
    private readonly GrainTokenStore? _tokens = tokens as GrainTokenStore;

    public async ValueTask<OidcAuthorization?> FindByIdAsync(string identifier, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsSession(identifier))
        {
            return null;
        }

        if (_tokens?.AuthorizationReadWithToken(identifier) is { } seen)
        {
            return OidcAuthorization.From(seen);
        }

        var lookup = await Session(identifier).GetAuthorizationWithSessionAsync();
        _tokens?.Remember(lookup);
        return OidcAuthorization.From(lookup.Authorization);
    }

    public async ValueTask CreateAsync(OidcAuthorization authorization, CancellationToken cancellationToken)
    {
        authorization.Id ??= SessionIds.NewSession();
        _tokens?.Forget(authorization.Id);
        await Session(authorization.Id).AuthorizeAsync(authorization.Subject ?? string.Empty, [.. authorization.Scopes], claims: null);
    }

    public async ValueTask UpdateAsync(OidcAuthorization authorization, CancellationToken cancellationToken)
    {
        var session = Session(authorization.Id!);
        _tokens?.Forget(authorization.Id!);
        if (authorization.Status == Statuses.Revoked)
        {
            await session.RevokeAsync();
            return;
        }

        await session.AuthorizeAsync(authorization.Subject ?? string.Empty, [.. authorization.Scopes], claims: null);
    }

    public IAsyncEnumerable<OidcAuthorization> FindBySubjectAsync(string subject, CancellationToken cancellationToken) =>
        throw GrainStoreErrors.CrossGrainQuery("Finding authorizations by pairwise subject");

    public ValueTask<string?> GetApplicationIdAsync(OidcAuthorization authorization, CancellationToken cancellationToken) => new(authorization.ApplicationId);
    public ValueTask<DateTimeOffset?> GetCreationDateAsync(OidcAuthorization authorization, CancellationToken cancellationToken) => new(authorization.CreationDate);
    public ValueTask<string?> GetIdAsync(OidcAuthorization authorization, CancellationToken cancellationToken) => new(authorization.Id);
    public ValueTask<ImmutableDictionary<string, JsonElement>> GetPropertiesAsync(OidcAuthorization authorization, CancellationToken cancellationToken) => new(authorization.Properties);
    public ValueTask<ImmutableArray<string>> GetScopesAsync(OidcAuthorization authorization, CancellationToken cancellationToken) => new(authorization.Scopes);
    public ValueTask<string?> GetStatusAsync(OidcAuthorization authorization, CancellationToken cancellationToken) => new(authorization.Status);
    public ValueTask<string?> GetSubjectAsync(OidcAuthorization authorization, CancellationToken cancellationToken) => new(authorization.Subject);
    public ValueTask<string?> GetTypeAsync(OidcAuthorization authorization, CancellationToken cancellationToken) => new(authorization.Type);
    public ValueTask<OidcAuthorization> InstantiateAsync(CancellationToken cancellationToken) => new(new OidcAuthorization());

    public ValueTask SetApplicationIdAsync(OidcAuthorization authorization, string? identifier, CancellationToken cancellationToken) => EntityFields.Set(() => authorization.ApplicationId = identifier);
    public ValueTask SetCreationDateAsync(OidcAuthorization authorization, DateTimeOffset? date, CancellationToken cancellationToken) => EntityFields.Set(() => authorization.CreationDate = date);
    public ValueTask SetPropertiesAsync(OidcAuthorization authorization, ImmutableDictionary<string, JsonElement> properties, CancellationToken cancellationToken) => EntityFields.Set(() => authorization.Properties = properties);
    public ValueTask SetScopesAsync(OidcAuthorization authorization, ImmutableArray<string> scopes, CancellationToken cancellationToken) => EntityFields.Set(() => authorization.Scopes = scopes);
    public ValueTask SetStatusAsync(OidcAuthorization authorization, string? status, CancellationToken cancellationToken) => EntityFields.Set(() => authorization.Status = status);
    public ValueTask SetSubjectAsync(OidcAuthorization authorization, string? subject, CancellationToken cancellationToken) => EntityFields.Set(() => authorization.Subject = subject);
    public ValueTask SetTypeAsync(OidcAuthorization authorization, string? type, CancellationToken cancellationToken) => EntityFields.Set(() => authorization.Type = type);

    public ValueTask DeleteAsync(OidcAuthorization authorization, CancellationToken cancellationToken) => throw GrainStoreErrors.ManagedElsewhere("Authorizations", "their session's life cycle");
    public ValueTask<long> PruneAsync(DateTimeOffset threshold, CancellationToken cancellationToken) => throw GrainStoreErrors.ManagedElsewhere("Authorizations", "their session's life cycle");
    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Counting authorizations");
    public ValueTask<long> CountAsync<TResult>(Func<IQueryable<OidcAuthorization>, IQueryable<TResult>> query, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Counting authorizations");
    public IAsyncEnumerable<OidcAuthorization> FindAsync(string? subject, string? client, string? status, string? type, ImmutableArray<string>? scopes, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Finding authorizations by subject or client");
    public IAsyncEnumerable<OidcAuthorization> FindByApplicationIdAsync(string identifier, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Finding authorizations by client");
    public ValueTask<TResult?> GetAsync<TState, TResult>(Func<IQueryable<OidcAuthorization>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Querying authorizations");
    public IAsyncEnumerable<OidcAuthorization> ListAsync(int? count, int? offset, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Listing authorizations");
    public IAsyncEnumerable<TResult> ListAsync<TState, TResult>(Func<IQueryable<OidcAuthorization>, TState, IQueryable<TResult>> query, TState state, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Listing authorizations");
    public ValueTask<long> RevokeAsync(string? subject, string? client, string? status, string? type, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Revoking authorizations by subject or client");
    public ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Revoking authorizations by client");
    public ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken) => throw GrainStoreErrors.CrossGrainQuery("Revoking authorizations by pairwise subject");

    private IAuthSessionGrain Session(string sessionId) => grains.GetGrain<IAuthSessionGrain>(sessionId);
}
