using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Abuse;
using Hawiya.Grains.Sessions;
using Hawiya.Server.Oidc.Pages;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>One step of the login pages: identify, choose a method, answer it, consent.</summary>
public sealed partial class LoginSteps(
    IGrainFactory grains,
    PseudonymKeys keys,
    LevelPolicy levels,
    CodeDispatch codes,
    TimeProvider time,
    ILogger<LoginSteps> logger)
{
    /// <summary>Methods the login pages know how to run; others join with their own issue.</summary>
    private static readonly AuthMethod[] PageMethods = [AuthMethod.Password, AuthMethod.Sms, AuthMethod.Email, AuthMethod.Push, AuthMethod.Face, AuthMethod.Card, AuthMethod.CardPin, AuthMethod.CardFingerprint];

    /// <summary>What an unknown or inactive citizen is offered, so the page does not tell them apart.</summary>
    private static readonly AuthMethod[] UnknownCitizenMethods = [AuthMethod.Password, AuthMethod.Sms];

    public async Task<IResult> HandleAsync(AuthorizationFlow flowEndpoint, FlowContext flow, string step, IFormCollection form)
    {
        switch (step)
        {
            case "cancel":
                await flow.Session.DenyAsync();
                return AuthorizationFlow.Forbid(Errors.AccessDenied, "The citizen cancelled the login.");
            case "consent" when flow.View.Authentication is not null:
                return await ConsentAsync(flowEndpoint, flow, form["decision"].ToString());
            case "identify":
                return await IdentifyAsync(flowEndpoint, flow, form["national_number"].ToString());
            case "restart":
                return Page(LoginPages.Identify(flow.Frame, null, null));
            case "method":
                return await ChooseAsync(flow, form["method"].ToString());
            case "resend" when flow.View.PendingChallenge is { } channel:
                return await SendCodeAsync(flow, channel);
            case "password":
                return await AnsweredAsync(flowEndpoint, flow, await flow.Session.VerifyPasswordAsync(form["password"].ToString()), LoginPages.Password);
            case "code":
                return await AnsweredAsync(flowEndpoint, flow, await flow.Session.VerifyCodeAsync(form["code"].ToString()), LoginPages.Code);
            case "device_check" or "device_cancel":
                return await DeviceStepAsync(flowEndpoint, flow, step);
            case "card":
                return await CardCheckAsync(flowEndpoint, flow);
            case "card_cancel":
                return await CardCancelAsync(flow);
            default:
                return await flowEndpoint.ContinueAsync(flow, error: null);
        }
    }

    /// <summary>The page for where the session stands: identify, then choose, then answer.</summary>
    public async Task<IResult> RenderLoginAsync(FlowContext flow, string? error)
    {
        if (!flow.View.Identified)
        {
            var hint = NationalNumbers.TryNormalize(flow.Request.LoginHint, out var number) ? number : null;
            return Page(LoginPages.Identify(flow.Frame, hint, error));
        }

        if (flow.View.PendingChallenge is not null)
        {
            return Page(LoginPages.Code(flow.Frame, error));
        }

        if (flow.View.DevicePrompt is not null)
        {
            return await DevicePageAsync(flow, error);
        }

        if (await RenderCardAsync(flow, error) is { } cardPage)
        {
            return cardPage;
        }

        return await MethodsPageAsync(flow, error ?? (flow.View.UndeliveredCode is null ? null : flow.Texts["send_failed"]));
    }

    private async Task<IResult> IdentifyAsync(AuthorizationFlow flowEndpoint, FlowContext flow, string typed)
    {
        if (!NationalNumbers.TryNormalize(typed, out var number))
        {
            return Page(LoginPages.Identify(flow.Frame, null, flow.Texts["invalid_number"]));
        }

        flow.View = await flow.Session.IdentifyAsync(keys.Citizen(number));
        return await MethodsPageAsync(flow, error: null);
    }

    private async Task<IResult> ChooseAsync(FlowContext flow, string typed)
    {
        var offered = await OfferedAsync(flow);
        if (!Enum.TryParse<AuthMethod>(typed, out var method) || !offered.Contains(method))
        {
            return await MethodsPageAsync(flow, error: null);
        }

        if (method is AuthMethod.Push or AuthMethod.Face)
        {
            return await StartDeviceAsync(flow, method);
        }

        if (IsCardMethod(method))
        {
            return await StartCardAsync(flow, method);
        }

        return method == AuthMethod.Password
            ? Page(LoginPages.Password(flow.Frame, null))
            : await SendCodeAsync(flow, method);
    }

    private async Task<IResult> SendCodeAsync(FlowContext flow, AuthMethod channel)
    {
        var issued = await flow.Session.IssueCodeAsync(channel);
        if (issued.Error != ChallengeError.None)
        {
            return await MethodsPageAsync(flow, flow.Texts["closed"]);
        }

        flow.View = await flow.Session.GetAsync();
        // Budgets, then the send queue, for every citizen alike (Abuse/CodeDispatch).
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, Message(flow.Texts), issued.Code);
        if (!await codes.AdmitAsync(flow, issued, channel, text))
        {
            LogCodeNotAdmitted(channel);
            return await MethodsPageAsync(flow, flow.Texts["send_failed"]);
        }

        return Page(LoginPages.Code(flow.Frame, null));
    }

    private static string Message(Texts texts) => texts.Language switch
    {
        "en" => "Hawiya: your code is {0}. It expires in 5 minutes. Never share it.",
        "ar" => "هوية: رمزك هو {0}. صالح لمدة 5 دقائق. لا تشاركه مع أحد.",
        _ => "Hawiya : votre code est {0}. Il expire dans 5 minutes. Ne le communiquez à personne.",
    };

    private async Task<IResult> AnsweredAsync(AuthorizationFlow flowEndpoint, FlowContext flow, ChallengeResult result, Func<PageFrame, string?, string> retryPage)
    {
        flow.View = result.Session;
        if (result.Succeeded)
        {
            if (result.Session.Authentication is { } authentication)
            {
                await SingleSignOn.SignInAsync(flow.Http, authentication);
                return await flowEndpoint.ContinueAsync(flow, error: null);
            }

            // One more factor is needed for the level asked (step-up within the same session).
            return await MethodsPageAsync(flow, error: null, stepUp: true);
        }

        return result.Error switch
        {
            ChallengeError.Rejected when result.AttemptsLeft > 0 => Page(retryPage(flow.Frame, $"{flow.Texts["rejected"]} {flow.Texts["attempts_left"]} {result.AttemptsLeft}")),
            ChallengeError.Rejected => Page(retryPage(flow.Frame, flow.Texts["rejected"])),
            ChallengeError.Expired => await MethodsPageAsync(flow, flow.Texts["expired"]),
            ChallengeError.AttemptsExhausted => await MethodsPageAsync(flow, flow.Texts["exhausted"]),
            ChallengeError.Locked => await MethodsPageAsync(flow, flow.Texts["locked"]),
            ChallengeError.NotIdentified => Page(LoginPages.Identify(flow.Frame, null, null)),
            ChallengeError.NoChallenge when result.Session.UndeliveredCode is not null => await MethodsPageAsync(flow, flow.Texts["send_failed"]),
            ChallengeError.SessionClosed => AuthorizationFlow.Forbid(Errors.AccessDenied, "The login was not completed in time."),
            _ => await MethodsPageAsync(flow, flow.Texts["rejected"]),
        };
    }

    private async Task<IResult> ConsentAsync(AuthorizationFlow flowEndpoint, FlowContext flow, string decision)
    {
        if (decision != "accept")
        {
            await flow.Session.DenyAsync();
            return AuthorizationFlow.Forbid(Errors.AccessDenied, "The citizen refused to share the information asked for.");
        }

        var citizen = grains.GetGrain<ICitizenGrain>(flow.View.Authentication!.CitizenKey);
        var scopes = flow.Request.GetScopes().ToArray();
        await citizen.GrantConsentAsync(new Consent
        {
            ClientId = flow.Provider.ClientId,
            Scopes = scopes,
            Claims = AuthorizationFlow.RequestedClaims(flow, scopes),
            GrantedAt = time.GetUtcNow(),
        });
        return await flowEndpoint.AuthorizeAsync(flow, consentGiven: true);
    }

    private async Task<IResult> MethodsPageAsync(FlowContext flow, string? error, bool stepUp = false)
    {
        var offered = await OfferedAsync(flow);
        return Page(LoginPages.Methods(flow.Frame, offered, stepUp, error ?? (offered.Length == 0 ? flow.Texts["no_method"] : null)));
    }

    /// <summary>Methods offered: enabled by the citizen ∩ allowed by the provider ∩ bringing the level requested.</summary>
    private async Task<AuthMethod[]> OfferedAsync(FlowContext flow)
    {
        var citizenMethods = UnknownCitizenMethods;
        if (flow.View.CitizenKey is { } key)
        {
            var profile = await grains.GetGrain<ICitizenGrain>(key).GetLoginProfileAsync();
            citizenMethods = profile.CanLogIn ? profile.UsableMethods : UnknownCitizenMethods;
        }

        return PageMethods
            .Where(m => flow.Registration.AllowedMethods.Contains(m) && citizenMethods.Contains(m))
            .Where(m => levels.Helps(m, flow.View.PassedMethods, flow.Required))
            .ToArray();
    }

    private static IResult Page(string html) => AuthorizationFlow.Page(html);

    [LoggerMessage(Level = LogLevel.Information, Message = "A one-time code over {Channel} was not sent; the citizen is offered another method")]
    private partial void LogCodeNotAdmitted(AuthMethod channel);
}
