using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Gateways;
using Hawiya.Gateways.Email;
using Hawiya.Gateways.Sms;
using Hawiya.Grains.Credentials;
using Hawiya.Server.Abuse;
using Hawiya.Server.Citizens;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.CitizenApi;

/// <summary>
/// What the citizen enrolls from the portal: a new password, a phone number, an email address.
/// All need a recent eidas2 login (RFC 9470), like every change to the identity's security, and
/// each is journalled, so the citizen is alerted. Devices are not enrolled here: their key is
/// made and kept on the phone, so only the app enrolls them.
/// </summary>
internal static class CitizenCredentialEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var stepUp = api.MapGroup("").AddEndpointFilter<RequireRecentSubstantialLogin>();
        stepUp.MapPut("/password", ChangePasswordAsync);
        stepUp.MapPost("/contacts/{kind}", StartContactAsync);
        stepUp.MapPost("/contacts/{kind}/confirm", ConfirmContactAsync);
    }

    private static async Task<IResult> ChangePasswordAsync(
        HttpContext http, IGrainFactory grains, TimeProvider time, PasswordPolicy policy, IPasswordHasher hasher, PasswordChange change)
    {
        if (change.Password is not { } password)
        {
            return CitizenProblems.BadRequest("invalid_request", "password is required.");
        }

        var caller = http.Caller();
        var citizen = grains.GetGrain<ICitizenGrain>(caller.CitizenKey);
        var contacts = await citizen.GetLoginProfileAsync();
        // The national number never reaches the server in clear after registration; the
        // contact points do, and a password made of them is refused.
        if (policy.Check(password, contacts.Phone, contacts.Email) is var refusal and not PasswordRefusal.None)
        {
            // RFC 9457 §3.2: the machine-readable reason as an extension member.
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "weak_password",
                detail: PasswordPolicyTexts.Describe(refusal),
                extensions: new Dictionary<string, object?> { ["reason"] = PasswordPolicyTexts.Reason(refusal) });
        }

        var set = await citizen.SetCredentialsAsync(new CitizenCredentials { PasswordHash = await hasher.HashAsync(password) });
        if (!set.Succeeded)
        {
            return CitizenProblems.Conflict(set.Error.ToString(), set.Detail);
        }

        if (!(await citizen.GetAsync()).Methods.Any(m => m.Method == AuthMethod.Password))
        {
            var enrolled = await citizen.EnrollMethodAsync(AuthMethod.Password);
            if (!enrolled.Succeeded)
            {
                return CitizenProblems.Conflict(enrolled.Error.ToString(), enrolled.Detail);
            }
        }

        await grains.GetGrain<ICitizenJournalGrain>(caller.CitizenKey).RecordAsync(new JournalEvent
        {
            Kind = JournalEventKind.MethodEnrolled,
            At = time.GetUtcNow(),
            Level = caller.Level,
            Methods = [AuthMethod.Password],
            Detail = "password",
        });
        return Results.NoContent();
    }

    private static async Task<IResult> StartContactAsync(
        HttpContext http, IGrainFactory grains, ISmsGateway sms, IEmailGateway email, SendBudgets budgets, IOptions<CitizenApiSettings> settings,
        string kind, ContactChange change)
    {
        if (ContactCodes.Channel(kind) is not { } channel)
        {
            return CitizenProblems.NotFound("unknown_contact_kind", "Contacts are 'phone' or 'email'.");
        }

        var caller = http.Caller();
        var destination = change.Value ?? string.Empty;
        var started = await grains.GetGrain<ICitizenDevicesGrain>(caller.CitizenKey).StartContactVerificationAsync(channel, destination);
        if (started.Error == DeviceError.InvalidContact)
        {
            return CitizenProblems.BadRequest("invalid_contact",
                channel == AuthMethod.Sms ? "value must be an E.164 phone number, such as +212600000001." : "value must be an email address.");
        }

        if (started.Error != DeviceError.None)
        {
            return CitizenProblems.Conflict("identity_not_active", "The digital identity is not active.");
        }

        var (sent, refusal) = await ContactCodes.SendWithinBudgetsAsync(
            new ContactSend(http, sms, email, budgets), channel, destination, started.Code, caller.CitizenKey, settings.Value.PortalClientId, caller.SessionId);
        if (refusal is not null)
        {
            return ContactCodes.TooManyCodes(refusal);
        }

        return sent == SendStatus.Accepted
            ? Results.Accepted()
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "send_failed", detail: "The code could not be sent; try again later.");
    }

    private static async Task<IResult> ConfirmContactAsync(HttpContext http, IGrainFactory grains, string kind, ContactCode confirmation)
    {
        if (ContactCodes.Channel(kind) is not { } channel)
        {
            return CitizenProblems.NotFound("unknown_contact_kind", "Contacts are 'phone' or 'email'.");
        }

        // The grain sets the contact, enrolls its method and journals it (so the citizen is alerted).
        var result = await grains.GetGrain<ICitizenDevicesGrain>(http.Caller().CitizenKey).ConfirmContactAsync(channel, confirmation.Code ?? string.Empty);
        return result.Error switch
        {
            DeviceError.None => Results.NoContent(),
            DeviceError.WrongCode => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "wrong_code", detail: "The code does not match.",
                extensions: new Dictionary<string, object?> { ["attemptsLeft"] = result.AttemptsLeft }),
            _ => CitizenProblems.Conflict("no_verification", "No code is pending for this contact (expired, or too many guesses); ask for a new one."),
        };
    }
}

public sealed record PasswordChange(string? Password);

public sealed record ContactChange(string? Value);

public sealed record ContactCode(string? Code);
