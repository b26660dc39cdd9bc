using System.Globalization;
using System.Text.Json;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Gateways;
using Hawiya.Gateways.Email;
using Hawiya.Gateways.Sms;
using Hawiya.Grains.Devices;
using Hawiya.Server.Abuse;
using Hawiya.Server.Citizens;

namespace Hawiya.Server.CitizenApp;

/// <summary>
/// The citizen app's HTTP API under <c>/app</c>. Reads take the app's access token; every change
/// takes one from a recent eidas2 login and is journalled (<see cref="AppGate"/>), as on the
/// portal's API. Answers to push and face challenges take no token at all but a JWS signed by an
/// enrolled device key.
/// </summary>
public static class AppEndpoints
{
    /// <summary>RFC 7515 §9.2.1: the media type of a compact JWS.</summary>
    public const string JoseMediaType = "application/jose";

    /// <summary>The detail of the <c>MethodDisabled</c> journal entry a removed device writes (as on the portal).</summary>
    public const string RemovedDeviceDetail = "device";

    public static IServiceCollection AddCitizenApp(this IServiceCollection services)
    {
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.Section)
            .Validate(o => o.MaxOutstanding >= 1 && o.Attempts >= 1 && o.ChallengeLifetime > TimeSpan.Zero && o.ChallengeLifetime <= TimeSpan.FromMinutes(15),
                "Hawiya:Push needs MaxOutstanding ≥ 1, Attempts ≥ 1 and a ChallengeLifetime of at most 15 minutes.")
            .ValidateOnStart();
        services.AddSingleton<AppAccessTokens>();
        services.AddSingleton<AppGate>();
        return services;
    }

    public static IEndpointRouteBuilder MapCitizenApp(this IEndpointRouteBuilder endpoints)
    {
        var app = endpoints.MapGroup("/app");
        app.MapPost("/devices", EnrollDeviceAsync);
        app.MapGet("/devices", ListDevicesAsync);
        app.MapDelete("/devices/{deviceId}", RemoveDeviceAsync);
        app.MapPost("/contacts/{kind}", StartContactAsync);
        app.MapPost("/contacts/{kind}/confirm", ConfirmContactAsync);
        app.MapGet("/methods", ListMethodsAsync);
        app.MapPut("/methods/{method}", SwitchMethodAsync);
        app.MapPost("/challenges/answer", AnswerAsync);
        return endpoints;
    }

    private static async Task<IResult> EnrollDeviceAsync(HttpContext http, AppGate gate, IGrainFactory grains)
    {
        var (caller, refusal) = await gate.ChangerAsync(http);
        if (caller is null)
        {
            return refusal!;
        }

        var (request, bad) = await ReadAsync<EnrollDeviceRequest>(http);
        if (bad is not null)
        {
            return bad;
        }

        if (request!.PublicKey is not { Kty: "EC", Crv: "P-256", X: { } x, Y: { } y })
        {
            return AppProblems.BadRequest("publicKey must be an EC P-256 JWK with x and y (RFC 7518 §6.2.1).");
        }

        var result = await grains.GetGrain<ICitizenDevicesGrain>(caller.CitizenKey).EnrollDeviceAsync(new DeviceEnrollment
        {
            Label = request.Label ?? string.Empty,
            PublicKeyX = x,
            PublicKeyY = y,
            PushToken = request.PushToken ?? string.Empty,
        });
        return result.Error switch
        {
            DeviceError.None => Results.Created($"/app/devices/{result.Device!.DeviceId}", View(result.Device)),
            DeviceError.InvalidDevice => AppProblems.BadRequest("The label (1–64 characters), push token or public key is not valid; the key must be a point on P-256."),
            DeviceError.AlreadyEnrolled => AppProblems.Problem(StatusCodes.Status409Conflict, "already_enrolled", "This device key is already enrolled."),
            DeviceError.TooManyDevices => AppProblems.Problem(StatusCodes.Status409Conflict, "too_many_devices", "Remove a device before enrolling another."),
            _ => AppProblems.Problem(StatusCodes.Status403Forbidden, "identity_not_active", "The digital identity is not active."),
        };
    }

    private static async Task<IResult> ListDevicesAsync(HttpContext http, AppGate gate, IGrainFactory grains)
    {
        var (caller, refusal) = await gate.ReaderAsync(http);
        return caller is null
            ? refusal!
            : Results.Ok((await grains.GetGrain<ICitizenDevicesGrain>(caller.CitizenKey).GetDevicesAsync()).Select(View));
    }

    private static async Task<IResult> RemoveDeviceAsync(HttpContext http, string deviceId, AppGate gate, IGrainFactory grains)
    {
        var (caller, refusal) = await gate.ChangerAsync(http);
        if (caller is null)
        {
            return refusal!;
        }

        // SECURITY: the grain only knows this citizen's devices; any other id is answered as unknown.
        var result = await grains.GetGrain<ICitizenDevicesGrain>(caller.CitizenKey).RemoveDeviceAsync(deviceId);
        if (result.Error == DeviceError.UnknownDevice)
        {
            return AppProblems.Problem(StatusCodes.Status404NotFound, "unknown_device", "No device of this citizen has this id.");
        }

        if (!result.Succeeded)
        {
            return AppProblems.Problem(StatusCodes.Status409Conflict, result.Error.ToString(), "The device cannot be removed now.");
        }

        await gate.RecordAsync(caller, JournalEventKind.MethodDisabled, RemovedDeviceDetail);
        return Results.NoContent();
    }

    private static async Task<IResult> StartContactAsync(HttpContext http, string kind, AppGate gate, IGrainFactory grains, ISmsGateway sms, IEmailGateway email, SendBudgets budgets)
    {
        if (Channel(kind) is not { } channel)
        {
            return AppProblems.Problem(StatusCodes.Status404NotFound, "unknown_contact_kind", "Contacts are 'phone' or 'email'.");
        }

        var (caller, refusal) = await gate.ChangerAsync(http);
        if (caller is null)
        {
            return refusal!;
        }

        var (request, bad) = await ReadAsync<ContactRequest>(http);
        if (bad is not null)
        {
            return bad;
        }

        var destination = request!.Value ?? string.Empty;
        var started = await grains.GetGrain<ICitizenDevicesGrain>(caller.CitizenKey).StartContactVerificationAsync(channel, destination);
        if (started.Error == DeviceError.InvalidContact)
        {
            return AppProblems.BadRequest(channel == AuthMethod.Sms ? "value must be an E.164 phone number, such as +212600000001." : "value must be an email address.");
        }

        if (started.Error != DeviceError.None)
        {
            return AppProblems.Problem(StatusCodes.Status403Forbidden, "identity_not_active", "The digital identity is not active.");
        }

        var (sent, overBudget) = await ContactCodes.SendWithinBudgetsAsync(
            new ContactSend(http, sms, email, budgets), channel, destination, started.Code, caller.CitizenKey, AppAccessTokens.ClientId, caller.SessionId);
        if (overBudget is not null)
        {
            return ContactCodes.TooManyCodes(overBudget);
        }

        return sent == SendStatus.Accepted
            ? Results.Accepted()
            : AppProblems.Problem(StatusCodes.Status503ServiceUnavailable, "send_failed", "The code could not be sent; try again later.");
    }

    private static async Task<IResult> ConfirmContactAsync(HttpContext http, string kind, AppGate gate, IGrainFactory grains)
    {
        if (Channel(kind) is not { } channel)
        {
            return AppProblems.Problem(StatusCodes.Status404NotFound, "unknown_contact_kind", "Contacts are 'phone' or 'email'.");
        }

        var (caller, refusal) = await gate.ChangerAsync(http);
        if (caller is null)
        {
            return refusal!;
        }

        var (request, bad) = await ReadAsync<ContactConfirmation>(http);
        if (bad is not null)
        {
            return bad;
        }

        var result = await grains.GetGrain<ICitizenDevicesGrain>(caller.CitizenKey).ConfirmContactAsync(channel, request!.Code ?? string.Empty);
        return result.Error switch
        {
            DeviceError.None => Results.NoContent(),
            DeviceError.WrongCode => AppProblems.Problem(StatusCodes.Status422UnprocessableEntity, "wrong_code", "The code does not match.",
                new Dictionary<string, object?> { ["attemptsLeft"] = result.AttemptsLeft }),
            _ => AppProblems.Problem(StatusCodes.Status409Conflict, "no_verification", "No code is pending for this contact (expired, or too many guesses); ask for a new one."),
        };
    }

    private static async Task<IResult> ListMethodsAsync(HttpContext http, AppGate gate, IGrainFactory grains)
    {
        var (caller, refusal) = await gate.ReaderAsync(http);
        return caller is null ? refusal! : Results.Ok(Methods(await grains.GetGrain<ICitizenGrain>(caller.CitizenKey).GetAsync()));
    }

    private static async Task<IResult> SwitchMethodAsync(HttpContext http, string method, AppGate gate, IGrainFactory grains)
    {
        if (!Enum.TryParse<AuthMethod>(method, ignoreCase: true, out var which) || !Enum.IsDefined(which) || int.TryParse(method, out _))
        {
            return AppProblems.Problem(StatusCodes.Status404NotFound, "unknown_method", $"'{method}' is not a method; see GET /app/methods.");
        }

        var (request, bad) = await ReadAsync<MethodSwitch>(http);
        if (bad is not null)
        {
            return bad;
        }

        if (request!.Enabled is not { } enabled)
        {
            return AppProblems.BadRequest("enabled (true or false) is required.");
        }

        // SECURITY: on or off alike: turning one on adds a way in, turning one off can lock the holder out.
        var (caller, refusal) = await gate.ChangerAsync(http);
        if (caller is null)
        {
            return refusal!;
        }

        var citizen = grains.GetGrain<ICitizenGrain>(caller.CitizenKey);
        var before = await citizen.GetAsync();
        var result = await citizen.SetMethodEnabledAsync(which, enabled);
        if (result.Error == CitizenError.None && before.IsEnabled(which) != enabled)
        {
            await gate.RecordAsync(caller, enabled ? JournalEventKind.MethodEnabled : JournalEventKind.MethodDisabled, which.ToString());
        }

        return result.Error switch
        {
            CitizenError.None => Results.Ok(Methods(result.Snapshot)),
            CitizenError.MethodNotEnrolled => AppProblems.Problem(StatusCodes.Status404NotFound, "method_not_enrolled", $"{which} is not enrolled."),
            _ => AppProblems.Problem(StatusCodes.Status409Conflict, result.Error.ToString(), result.Detail ?? "Not allowed now."),
        };
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, IGrainFactory grains)
    {
        if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), JoseMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return AppProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "invalid_request", $"Send the signed answer as {JoseMediaType} (a compact JWS, RFC 7515 §7.1).");
        }

        using var reader = new StreamReader(http.Request.Body);
        var buffer = new char[4097];
        var length = await reader.ReadBlockAsync(buffer);
        var compact = new string(buffer, 0, length).Trim();
        if (length > 4096 || DeviceAnswer.Parse(compact) is not { } answer)
        {
            return AppProblems.BadRequest(
                "The answer must be a compact JWS (ES256, typ hawiya-device+jwt, kid = device id) whose payload has only sid, cid, act, num, match and iat. "
                + "No biometric data is accepted: the face is matched on the device.");
        }

        var result = await grains.GetGrain<IAuthSessionDevicesGrain>(answer.SessionId).AnswerDeviceChallengeAsync(compact);
        return result.Error switch
        {
            DeviceAnswerError.None => Results.NoContent(),
            DeviceAnswerError.BadSignature => AppProblems.Problem(StatusCodes.Status401Unauthorized, "invalid_signature", "The answer is not signed by a device enrolled by this citizen."),
            DeviceAnswerError.NoChallenge => AppProblems.Problem(StatusCodes.Status409Conflict, "no_challenge", "No such challenge is open: it was answered already, replaced or expired."),
            DeviceAnswerError.WrongNumber => AppProblems.Problem(StatusCodes.Status422UnprocessableEntity, "wrong_number", "The number does not match the one on the login page.",
                new Dictionary<string, object?> { ["attemptsLeft"] = result.AttemptsLeft }),
            DeviceAnswerError.NotMatched => AppProblems.Problem(StatusCodes.Status422UnprocessableEntity, "face_not_matched", "The face did not match on the device.",
                new Dictionary<string, object?> { ["attemptsLeft"] = result.AttemptsLeft }),
            DeviceAnswerError.WrongKind => AppProblems.BadRequest("The action does not fit the challenge (approve or deny a push; face or deny a face check)."),
            _ => AppProblems.BadRequest("The answer does not name this login."),
        };
    }

    private static async Task<(T? Value, IResult? Refusal)> ReadAsync<T>(HttpContext http) where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return (null, AppProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "invalid_request", "Send a JSON body (application/json)."));
        }

        try
        {
            return await http.Request.ReadFromJsonAsync<T>() is { } value ? (value, null) : (null, AppProblems.BadRequest("The body is empty."));
        }
        catch (JsonException)
        {
            return (null, AppProblems.BadRequest("The body is not valid JSON of the expected shape."));
        }
    }

    private static AuthMethod? Channel(string kind) => ContactCodes.Channel(kind);

    private static DeviceView View(DeviceInfo device) => new(device.DeviceId, device.Label, device.EnrolledAt);

    private static MethodView[] Methods(CitizenSnapshot snapshot) =>
        snapshot.Methods.Select(m => new MethodView(m.Method.ToString(), m.Enabled, m.EnrolledAt)).ToArray();
}
