using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Oidc.Pages;
using OpenIddict.Abstractions;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>Everything one request of the login flow works with.</summary>
public sealed class FlowContext
{
    public required HttpContext Http { get; init; }
    public required OpenIddictRequest Request { get; init; }
    public required string SessionId { get; init; }
    public required IAuthSessionGrain Session { get; init; }
    public required ProviderSnapshot Provider { get; init; }
    public required SessionView View { get; set; }
    public required Texts Texts { get; init; }

    public ProviderRegistration Registration => Provider.Registration!;

    public LevelOfAssurance Required => View.Start?.RequiredLevel ?? Registration.MinimumLevel;

    public PageFrame Frame => new(Texts, Registration.DisplayName, Request.ClientId!, Request.RequestUri!, Required);

    public bool HasPrompt(string prompt) => Request.HasPromptValue(prompt);
}
