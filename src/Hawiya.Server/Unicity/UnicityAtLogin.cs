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
public sealed class UnicityAtLogin(UnicityRegistry registry) : ILoginContributor
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
    public async Task<StepOutcome.Refused?> CheckAsync(LoginCompletion completion)
    {
        if (completion.Request.GetParameter(Parameter)?.ToString() is not { Length: > 0 } contextId)
        {
            return null;
        }

        var outcome = await registry.ParticipateAsync(completion.Provider, contextId, completion.CitizenKey, "s:" + completion.SessionId);
        if (!outcome.Succeeded)
        {
            return new StepOutcome.Refused(Errors.InvalidRequest, outcome.Detail!);
        }

        var identity = (ClaimsIdentity)completion.Principal.Identity!;
        identity.SetClaim(Claim, JsonSerializer.SerializeToElement(outcome.ToJson()));
        // SECURITY: only in the ID token; access tokens reach resource servers, which must not
        // learn who took part in a poll.
        identity.FindFirst(Claim)!.SetDestinations(Destinations.IdentityToken);
        return null;
    }
}
