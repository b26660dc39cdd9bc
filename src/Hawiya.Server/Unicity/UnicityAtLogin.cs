using System.Security.Claims;
using System.Text.Json;
using Hawiya.Server.Oidc.Endpoints;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Unicity;

/// <summary>
/// The unicity answer of a login: when the provider asked for a context with
/// <see cref="Parameter"/>, the participation is recorded before the code exists, and the
/// ID token carries <c>"unicity": {"context", "status", "pseudonym"}</c>.
/// </summary>
public static class UnicityAtLogin
{
    /// <summary>The authorization request parameter naming the provider's context.</summary>
    public const string Parameter = "unicity_context";

    /// <summary>The ID token claim.</summary>
    public const string Claim = "unicity";

    /// <summary>
    /// Records the participation and adds the claim to <paramref name="principal"/>; a refusal
    /// (the context closed during the login) is the error response to send instead.
    /// The login session is the request key: the same login answered twice says <c>first</c>
    /// twice, another login of the same citizen says <c>repeat</c>.
    /// </summary>
    public static async Task<IResult?> RecordAsync(FlowContext flow, string citizenKey, ClaimsPrincipal principal)
    {
        if (flow.Request.GetParameter(Parameter)?.ToString() is not { Length: > 0 } contextId)
        {
            return null;
        }

        var registry = flow.Http.RequestServices.GetRequiredService<UnicityRegistry>();
        var outcome = await registry.ParticipateAsync(flow.Provider, contextId, citizenKey, "s:" + flow.SessionId);
        if (!outcome.Succeeded)
        {
            return AuthorizationFlow.Forbid(Errors.InvalidRequest, outcome.Detail!);
        }

        var identity = (ClaimsIdentity)principal.Identity!;
        identity.SetClaim(Claim, JsonSerializer.SerializeToElement(outcome.ToJson()));
        // SECURITY: only in the ID token; access tokens reach resource servers, which must not
        // learn who took part in a poll.
        identity.FindFirst(Claim)!.SetDestinations(Destinations.IdentityToken);
        return null;
    }
}
