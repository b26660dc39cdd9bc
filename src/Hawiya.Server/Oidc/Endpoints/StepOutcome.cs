namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// What one login step decided. Steps never call the flow back: <see cref="AuthorizationFlow"/>
/// (or, between pages, <see cref="LoginPageEndpoint"/>) turns the outcome into a response.
/// </summary>
public abstract record StepOutcome
{
    private StepOutcome()
    {
    }

    /// <summary>A login page to show.</summary>
    public sealed record Show(string Html, int Status = StatusCodes.Status200OK) : StepOutcome;

    /// <summary>
    /// The session just reached the level asked for: single sign-on, consent and code follow.
    /// <paramref name="Release"/> is what the citizen answered the step with, when it did (a code
    /// answered: <see cref="Contracts.Citizens.CompletingSession"/>), so it is not asked again.
    /// </summary>
    public sealed record Authenticated(Contracts.Sessions.Authentication Authentication, Contracts.Citizens.CitizenRelease? Release = null) : StepOutcome;

    /// <summary>Nothing decided here: whatever the session needs next (a page, or the code).</summary>
    public sealed record Next : StepOutcome;

    /// <summary>The login ends with an error for the provider (OAuth 2.0 §4.1.2.1).</summary>
    public sealed record Refused(string Error, string Description) : StepOutcome;

    public static StepOutcome Page(string html) => new Show(html);

    public static readonly StepOutcome Continue = new Next();
}
