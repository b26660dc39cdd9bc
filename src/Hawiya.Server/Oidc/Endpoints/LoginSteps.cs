using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Abuse;
using Hawiya.Grains.Sessions;
using Hawiya.Server.Pages;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>One step of the login pages: identify, choose a method, answer it, consent.</summary>
public sealed partial class LoginSteps(
    IGrainFactory grains,
    PseudonymKeys keys,
    LevelPolicy levels,
    CodeDispatch codes,
    Gateways.Push.IPushGateway push,
    TimeProvider time,
    ILogger<LoginSteps> logger)
{
    /// <summary>Methods the login pages know how to run; others join with their own issue.</summary>
    private static readonly AuthMethod[] PageMethods = [AuthMethod.Password, AuthMethod.Sms, AuthMethod.Email, AuthMethod.Push, AuthMethod.Face, AuthMethod.Card, AuthMethod.CardPin, AuthMethod.CardFingerprint];

    /// <summary>What the step-up offers a citizen who can no longer log in (frozen since the first factor): the page does not say so.</summary>
    private static readonly AuthMethod[] UnknownCitizenMethods = [AuthMethod.Password, AuthMethod.Sms];

    /// <summary>One step posted by a login page; consent is the flow's own (<see cref="Consents"/>).</summary>
    public async Task<StepOutcome> HandleAsync(FlowContext flow, string step, IFormCollection form)
    {
        switch (step)
        {
            case "cancel":
                await flow.Session.DenyAsync();
                return new StepOutcome.Refused(Errors.AccessDenied, "The citizen cancelled the login.");
            case "identify":
                return await IdentifyAsync(flow, form["national_number"].ToString());
            case "restart":
                return Page(LoginPages.Identify(flow.Frame, null, null));
            case "method":
                return await ChooseAsync(flow, form["method"].ToString());
            case "resend" when flow.View.PendingChallenge is { } channel:
                return await SendCodeAsync(flow, channel);
            case "password":
                return await AnsweredAsync(flow, await flow.Session.VerifyPasswordAsync(form["password"].ToString()), LoginPages.Password);
            case "code":
                return await AnsweredAsync(flow, await flow.Session.VerifyCodeAsync(form["code"].ToString()), LoginPages.Code);
            case "device_check" or "device_cancel":
                return await DeviceStepAsync(flow, step);
            case "card":
                return await CardCheckAsync(flow);
            case "card_cancel":
                return await CardCancelAsync(flow);
            default:
                return StepOutcome.Continue;
        }
    }

    /// <summary>The page for where the session stands: identify, then choose, then answer.</summary>
    public async Task<StepOutcome> RenderLoginAsync(FlowContext flow, string? error)
    {
        if (!flow.View.Identified)
        {
            var hint = NationalNumbers.TryNormalize(flow.LoginHint, out var number) ? number : null;
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

    private async Task<StepOutcome> IdentifyAsync(FlowContext flow, string typed)
    {
        if (!NationalNumbers.TryNormalize(typed, out var number))
        {
            return Page(LoginPages.Identify(flow.Frame, null, flow.Texts["invalid_number"]));
        }

        flow.View = await flow.Session.IdentifyAsync(keys.Citizen(number));
        return await MethodsPageAsync(flow, error: null);
    }

    private async Task<StepOutcome> ChooseAsync(FlowContext flow, string typed)
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

    /// <summary>
    /// The two steps every login passes (identify, then a code by SMS or email), served with no
    /// read of the session before: the step's own call answers with the session as it left it,
    /// and <paramref name="flowOf"/> makes the pages' context from that (null when these pages
    /// cannot serve it). Null when the step is not one of these, or its call did not end in a
    /// page served here: the caller then reads the session and runs the step as any other (the
    /// calls repeated are harmless: identifying again changes nothing, an unsent code is replaced).
    /// </summary>
    public async Task<(StepOutcome Outcome, FlowContext Flow)?> HandleUnreadAsync(
        IAuthSessionGrain session, string step, IFormCollection form, Func<SessionView, FlowContext?> flowOf)
    {
        switch (step)
        {
            case "identify" when NationalNumbers.TryNormalize(form["national_number"].ToString(), out var number):
                if (flowOf(await session.IdentifyAsync(keys.Citizen(number))) is not { } identified)
                {
                    return null;
                }

                return (await MethodsPageAsync(identified, error: null), identified);
            case "method" when Enum.TryParse<AuthMethod>(form["method"].ToString(), out var channel) && channel is AuthMethod.Sms or AuthMethod.Email:
                // The session refuses a channel the methods page would not offer (IssueCodeAsync).
                var issued = await session.IssueCodeAsync(channel);
                if (issued.Error != ChallengeError.None || issued.Session is null || flowOf(issued.Session) is not { } flow)
                {
                    return null;
                }

                return (await SendIssuedCodeAsync(flow, channel, issued), flow);
            default:
                return null;
        }
    }

    private async Task<StepOutcome> SendCodeAsync(FlowContext flow, AuthMethod channel)
    {
        var issued = await flow.Session.IssueCodeAsync(channel);
        if (issued.Error != ChallengeError.None)
        {
            return await MethodsPageAsync(flow, flow.Texts["closed"]);
        }

        flow.View = issued.Session ?? await flow.Session.GetAsync();
        return await SendIssuedCodeAsync(flow, channel, issued);
    }

    private async Task<StepOutcome> SendIssuedCodeAsync(FlowContext flow, AuthMethod channel, IssuedCode issued)
    {
        // Budgets, then the send queue, for every citizen alike (Abuse/CodeDispatch).
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, Message(flow.Texts), issued.Code);
        var pending = new PendingCode(channel, issued.Destination, flow.Texts["title"], text, flow.SessionId, issued.ExpiresAt);
        if (!await codes.AdmitAsync(pending, flow.View.CitizenKey ?? flow.SessionId, new SendOrigin(flow.ClientId, flow.Http.Connection.RemoteIpAddress)))
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

    private async Task<StepOutcome> AnsweredAsync(FlowContext flow, ChallengeResult result, Func<PageFrame, string?, string> retryPage)
    {
        flow.View = result.Session;
        if (result.Succeeded)
        {
            // One more factor may be needed for the level asked (step-up within the same session).
            return result.Session.Authentication is { } authentication
                ? new StepOutcome.Authenticated(authentication, result.Release)
                : await MethodsPageAsync(flow, error: null, stepUp: true);
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
            ChallengeError.SessionClosed => NotCompletedInTime,
            _ => await MethodsPageAsync(flow, flow.Texts["rejected"]),
        };
    }

    private static readonly StepOutcome NotCompletedInTime = new StepOutcome.Refused(Errors.AccessDenied, "The login was not completed in time.");

    private async Task<StepOutcome> MethodsPageAsync(FlowContext flow, string? error, bool stepUp = false)
    {
        var offered = await OfferedAsync(flow);
        return Page(LoginPages.Methods(flow.Frame, offered, stepUp, error ?? (offered.Length == 0 ? flow.Texts["no_method"] : null)));
    }

    /// <summary>
    /// Methods offered: allowed by the provider ∩ bringing the level requested, and, once a first
    /// factor passed, usable by the citizen. SECURITY: before that, the page is the same for every
    /// number typed, unknown or enrolled for anything, so it reveals no citizen's methods (issue 26,
    /// finding 12); a method the citizen cannot use then behaves as one they fail.
    /// </summary>
    private async Task<AuthMethod[]> OfferedAsync(FlowContext flow)
    {
        var citizenMethods = PageMethods;
        if (flow.View.PassedMethods.Length > 0 && flow.View.CitizenKey is { } key)
        {
            // The session keeps the profile it read a moment ago (at identification); else the citizen is asked.
            var methods = flow.View.CitizenMethods;
            if (methods is null)
            {
                var profile = await grains.GetGrain<ICitizenGrain>(key).GetLoginProfileAsync();
                methods = new CitizenMethods { CanLogIn = profile.CanLogIn, Usable = profile.UsableMethods };
            }

            citizenMethods = methods.CanLogIn ? methods.Usable : UnknownCitizenMethods;
        }

        return PageMethods
            .Where(m => flow.AllowedMethods.Contains(m) && citizenMethods.Contains(m))
            .Where(m => levels.Helps(m, flow.View.PassedMethods, flow.Required))
            .ToArray();
    }

    private static StepOutcome Page(string html) => StepOutcome.Page(html);

    [LoggerMessage(Level = LogLevel.Information, Message = "A one-time code over {Channel} was not sent; the citizen is offered another method")]
    private partial void LogCodeNotAdmitted(AuthMethod channel);
}
