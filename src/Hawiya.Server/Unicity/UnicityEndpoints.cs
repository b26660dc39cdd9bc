using System.Text.Json.Serialization;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Contracts.Sessions;
using Hawiya.Contracts.Unicity;
using Hawiya.Server.Hosting;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Unicity;

/// <summary>What a provider sends to record a participation at the moment of voting.</summary>
public sealed record ParticipationBody([property: JsonPropertyName("context")] string? Context);

/// <summary>What a provider sends to register a context.</summary>
public sealed record ContextBody([property: JsonPropertyName("context")] string? Context, [property: JsonPropertyName("label")] string? Label);

/// <summary>
/// The provider-facing unicity API. <c>POST /unicity/participations</c> takes the citizen's access
/// token (issued to this provider) and records the participation when the citizen votes;
/// <c>/unicity/contexts</c> takes the provider's own client-credentials token and registers,
/// closes and counts its contexts. Errors: RFC 6750 challenges for tokens, RFC 9457 problems
/// (with an OAuth-style <c>error</c> member) for the rest.
/// </summary>
public static class UnicityEndpoints
{
    public const string ParticipationsPath = "/unicity/participations";
    public const string ContextsPath = "/unicity/contexts";

    /// <summary>The header a provider names its request with (draft-ietf-httpapi-idempotency-key-header), so that a retry gets the same answer.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapHawiyaUnicity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(ParticipationsPath, ParticipateAsync);
        endpoints.MapPost(ContextsPath, RegisterContextAsync);
        endpoints.MapGet(ContextsPath + "/{contextId}", GetContextAsync);
        endpoints.MapPost(ContextsPath + "/{contextId}/close", CloseContextAsync);
        return endpoints;
    }

    /// <summary>
    /// The token is read and the request charged to the provider's quota once; the rest may run
    /// twice to the effect of once (the request key makes a repeat answer as the first did;
    /// everything else it calls only reads), so a run that met a lost or stopping silo is run
    /// again until the cluster has moved the grains (docs/reliability.md).
    /// </summary>
    private static async Task<IResult> ParticipateAsync(HttpRequest request, [AsParameters] ParticipationServices services, SiloLossRetry retry)
    {
        var (caller, challenge) = await services.Tokens.ReadAsync(request);
        if (caller is null)
        {
            return challenge!;
        }

        if (caller.SessionId is null)
        {
            return AccessTokens.Challenge(request, Errors.InvalidToken, "This access token was not issued for a citizen.");
        }

        var body = await ReadJsonAsync<ParticipationBody>(request);
        return await retry.RunAsync("Participation", () => ParticipateOnceAsync(request, caller, caller.SessionId, body, services),
            request.HttpContext.RequestAborted);
    }

    private static async Task<IResult> ParticipateOnceAsync(HttpRequest request, TokenCaller caller, string sessionId, ParticipationBody? body, ParticipationServices services)
    {
        var (_, sessions, citizens, providers, registry) = services;

        // The provider is read while the login and the identity are checked (its answer is needed last).
        var provider = providers.Get(caller.ClientId).GetAsync();
        var session = await sessions.Get(sessionId).GetAsync();
        if (session.Authentication is not { } authentication || session.Start?.ClientId != caller.ClientId || session.Status == SessionStatus.Revoked)
        {
            return AccessTokens.Challenge(request, Errors.InvalidToken, "The login behind this access token is no longer valid.");
        }

        // A frozen, deactivated or deceased identity takes part in nothing.
        if ((await citizens.Get(authentication.CitizenKey).GetAsync()).Status != CitizenStatus.Active)
        {
            return AccessTokens.Challenge(request, Errors.InvalidToken, "The digital identity behind this access token is not active.");
        }

        if (body is not { Context: { } contextId })
        {
            return Problem(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "The body is a JSON object with the member 'context'.");
        }

        var requestKey = "s:" + sessionId;
        if (request.Headers.TryGetValue(IdempotencyKeyHeader, out var idempotency))
        {
            var value = idempotency.ToString();
            if (value.Length is < 1 or > 200 || !value.All(c => c is >= '!' and <= '~'))
            {
                return Problem(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "The Idempotency-Key is 1 to 200 visible ASCII characters.");
            }

            // SECURITY: the key names a request of this login only. Unbound, a key seen once (a
            // retry logged by the provider, a later login of the same citizen) would get "first"
            // again from any session: the citizen could vote twice by replaying it.
            requestKey = "k:" + sessionId + ":" + value;
        }

        var outcome = await registry.ParticipateAsync(await provider, contextId, authentication.CitizenKey, requestKey);
        return outcome.Succeeded ? Results.Json(outcome.ToJson()) : Refused(outcome.Refusal, outcome.Detail);
    }

    /// <summary>What a participation calls, as one parameter.</summary>
    internal sealed record ParticipationServices(
        AccessTokens Tokens, GrainRef<IAuthSessionGrain> Sessions, GrainRef<ICitizenGrain> Citizens,
        GrainRef<IServiceProviderGrain> Providers, UnicityRegistry Registry);

    private static async Task<IResult> RegisterContextAsync(HttpRequest request, AccessTokens tokens, IGrainFactory grains, UnicityRegistry registry)
    {
        var (provider, refusal) = await ProviderOfAsync(request, tokens, grains);
        if (provider is null)
        {
            return refusal!;
        }

        if (await ReadJsonAsync<ContextBody>(request) is not { Context: { } contextId, Label: { } label })
        {
            return Problem(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "The body is a JSON object with the members 'context' and 'label'.");
        }

        if (!UnicityKeys.IsValidContextId(contextId))
        {
            return Problem(StatusCodes.Status400BadRequest, Errors.InvalidRequest, "A unicity context id is " + UnicityKeys.ContextIdRule + ".");
        }

        var result = await grains.GetGrain<IUnicityContextGrain>(UnicityKeys.Context(provider.ClientId, contextId)).RegisterAsync(new UnicityContextRegistration
        {
            ClientId = provider.ClientId,
            ContextId = contextId,
            Label = label,
        });
        registry.Forget(provider.ClientId, contextId);
        return result.Error switch
        {
            UnicityContextError.None => Results.Json(View(result.Snapshot, participants: 0), statusCode: StatusCodes.Status201Created),
            UnicityContextError.InvalidRegistration => Problem(StatusCodes.Status400BadRequest, Errors.InvalidRequest, result.Detail!),
            _ => Problem(StatusCodes.Status409Conflict, "context_exists", result.Detail!),
        };
    }

    private static async Task<IResult> GetContextAsync(string contextId, HttpRequest request, AccessTokens tokens, IGrainFactory grains)
    {
        var (provider, refusal) = await ProviderOfAsync(request, tokens, grains);
        if (provider is null)
        {
            return refusal!;
        }

        var context = grains.GetGrain<IUnicityContextGrain>(UnicityKeys.Context(provider.ClientId, contextId));
        var snapshot = UnicityKeys.IsValidContextId(contextId) ? await context.GetAsync() : null;
        return snapshot is null || snapshot.Status == UnicityContextStatus.Unknown
            ? Problem(StatusCodes.Status404NotFound, "unknown_context", "This service has no such unicity context.")
            : Results.Json(View(snapshot, await context.CountParticipantsAsync()));
    }

    private static async Task<IResult> CloseContextAsync(string contextId, HttpRequest request, AccessTokens tokens, IGrainFactory grains, UnicityRegistry registry)
    {
        var (provider, refusal) = await ProviderOfAsync(request, tokens, grains);
        if (provider is null)
        {
            return refusal!;
        }

        if (!UnicityKeys.IsValidContextId(contextId))
        {
            return Problem(StatusCodes.Status404NotFound, "unknown_context", "This service has no such unicity context.");
        }

        var context = grains.GetGrain<IUnicityContextGrain>(UnicityKeys.Context(provider.ClientId, contextId));
        var result = await context.CloseAsync();
        registry.Forget(provider.ClientId, contextId);
        return result.Succeeded
            ? Results.Json(View(result.Snapshot, await context.CountParticipantsAsync()))
            : Problem(StatusCodes.Status404NotFound, "unknown_context", result.Detail!);
    }

    /// <summary>The provider behind a client-credentials token, accredited for unicity.</summary>
    private static async Task<(ProviderSnapshot? Provider, IResult? Refusal)> ProviderOfAsync(HttpRequest request, AccessTokens tokens, IGrainFactory grains)
    {
        var (caller, challenge) = await tokens.ReadAsync(request);
        if (caller is null)
        {
            return (null, challenge);
        }

        if (caller.SessionId is not null)
        {
            return (null, AccessTokens.Challenge(request, Errors.InvalidToken, "Contexts are managed with the provider's own (client credentials) token."));
        }

        var provider = await grains.GetGrain<IServiceProviderGrain>(caller.ClientId).GetAsync();
        return provider is { IsAccredited: true, Registration.Unicity: true }
            ? (provider, null)
            : (null, Refused(UnicityRefusal.NotAccredited, "This service is not accredited for unicity."));
    }

    private static IResult Refused(UnicityRefusal refusal, string? detail) => refusal switch
    {
        UnicityRefusal.NotAccredited => Problem(StatusCodes.Status403Forbidden, Errors.UnauthorizedClient, detail!),
        UnicityRefusal.Closed => Problem(StatusCodes.Status409Conflict, "context_closed", detail!),
        _ => Problem(StatusCodes.Status404NotFound, "unknown_context", detail!),
    };

    private static Dictionary<string, object?> View(UnicityContextSnapshot snapshot, long participants) => new()
    {
        ["context"] = snapshot.Registration?.ContextId,
        ["label"] = snapshot.Registration?.Label,
        ["status"] = snapshot.Status.ToString().ToLowerInvariant(),
        ["opened_at"] = snapshot.OpenedAt,
        ["closed_at"] = snapshot.ClosedAt,
        ["participants"] = participants,
    };

    private static async Task<T?> ReadJsonAsync<T>(HttpRequest request) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await request.ReadFromJsonAsync<T>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>RFC 9457 problem details, with the machine-readable code also as <c>error</c>.</summary>
    private static IResult Problem(int status, string error, string detail) =>
        Results.Problem(statusCode: status, title: error, detail: detail, extensions: new Dictionary<string, object?> { ["error"] = error });
}
