using System.Security.Claims;
using Hawiya.Contracts.Providers;
using OpenIddict.Abstractions;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// A feature that joins a login as its code is about to be issued (the unicity answer, for
/// one): it adds to the principal, or refuses the login. Registered in the container and called
/// by <see cref="AuthorizationFlow"/> in registration order, after the citizen consented and
/// before anything of the authorization is written.
/// </summary>
public interface ILoginContributor
{
    /// <returns>Null to go on; otherwise the error the provider receives instead of a code.</returns>
    Task<StepOutcome.Refused?> ContributeAsync(LoginCompletion completion);
}

/// <summary>The login being completed, as a contributor sees it.</summary>
public sealed record LoginCompletion(OpenIddictRequest Request, ProviderSnapshot Provider, string SessionId, string CitizenKey, ClaimsPrincipal Principal);
