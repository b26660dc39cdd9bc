using System.Security.Claims;
using Hawiya.Contracts.Providers;
using Hawiya.Contracts.Sessions;
using OpenIddict.Abstractions;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// A feature that joins a login as its code is about to be issued: the unicity answer, the
/// journal's signed receipt. Registered in the container; <see cref="AuthorizationFlow"/> calls
/// every contributor's <see cref="CheckAsync"/> (in registration order) before anything of the
/// authorization is recorded, then every <see cref="RecordAsync"/> once it is, before the code
/// leaves. Either may add claims to <see cref="LoginCompletion.Principal"/>.
/// </summary>
public interface ILoginContributor
{
    /// <returns>Null to go on; otherwise the error the provider receives instead of a code.</returns>
    Task<StepOutcome.Refused?> CheckAsync(LoginCompletion completion) => Task.FromResult<StepOutcome.Refused?>(null);

    /// <summary>Records what the login leaves behind; durable before it returns.</summary>
    Task RecordAsync(LoginCompletion completion) => Task.CompletedTask;
}

/// <summary>The login being completed, as a contributor sees it.</summary>
public sealed record LoginCompletion(
    HttpRequest Http,
    OpenIddictRequest Request,
    ProviderSnapshot Provider,
    string SessionId,
    Authentication Authentication,
    string Subject,
    IReadOnlyDictionary<string, string> Released,
    ClaimsPrincipal Principal)
{
    public string CitizenKey => Authentication.CitizenKey;
}
