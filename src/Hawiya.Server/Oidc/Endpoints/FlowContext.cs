using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Pages;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// Everything one login step works with: the session, its browser request and what the pages
/// show. It holds no OpenID Connect request: the pages between the authorization request and
/// the code are served from the session alone (<see cref="LoginPageEndpoint"/>).
/// </summary>
public sealed class FlowContext
{
    public required HttpContext Http { get; init; }
    public required string SessionId { get; init; }
    public required IAuthSessionGrain Session { get; init; }
    public required SessionView View { get; set; }
    public required Texts Texts { get; init; }
    public required string ClientId { get; init; }
    /// <summary>The request_uri the pages' forms carry back.</summary>
    public required string RequestUri { get; init; }
    public required string ProviderName { get; init; }
    /// <summary>Methods the provider allows for this login.</summary>
    public required AuthMethod[] AllowedMethods { get; init; }
    /// <summary>The request's login_hint, shown prefilled on the first page.</summary>
    public string? LoginHint { get; init; }

    public LevelOfAssurance Required => View.Start!.RequiredLevel;

    public PageFrame Frame => new(Texts, ProviderName, ClientId, RequestUri, Required);
}
