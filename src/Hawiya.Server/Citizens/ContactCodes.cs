using System.Globalization;
using Hawiya.Contracts.Common;
using Hawiya.Gateways;
using Hawiya.Gateways.Email;
using Hawiya.Gateways.Sms;
using Hawiya.Server.Abuse;

namespace Hawiya.Server.Citizens;

/// <summary>What sending a contact code needs: the gateways, the budgets and the request it answers.</summary>
internal sealed record ContactSend(HttpContext Http, ISmsGateway Sms, IEmailGateway Email, SendBudgets Budgets);

/// <summary>Sends the code that proves a new phone number or email address is the citizen's (app and portal alike).</summary>
internal static class ContactCodes
{
    /// <summary>
    /// Sends the code unless a send budget refuses it (<see cref="SendBudgets.ContactRefusalAsync"/>):
    /// the gateway's status, or the rule that refused it (nothing sent).
    /// </summary>
    public static async Task<(SendStatus Status, string? Refusal)> SendWithinBudgetsAsync(
        ContactSend send, AuthMethod channel, string destination, string code, string citizenKey, string clientId, string correlationId)
    {
        var origin = new SendOrigin(clientId, send.Http.Connection.RemoteIpAddress);
        if (await send.Budgets.ContactRefusalAsync(channel, destination.Trim(), citizenKey, origin) is { } refusal)
        {
            return (SendStatus.Rejected, refusal);
        }

        return (await SendAsync(send.Sms, send.Email, channel, destination, code, correlationId), null);
    }

    /// <summary>429 for a code a send budget refused (RFC 6585 §4), with the rule as <c>reason</c>.</summary>
    public static IResult TooManyCodes(string refusal) => Results.Problem(
        statusCode: StatusCodes.Status429TooManyRequests, title: "too_many_codes",
        detail: "Too many verification codes were asked for; try again later.",
        extensions: new Dictionary<string, object?> { ["reason"] = refusal });

    private static async Task<SendStatus> SendAsync(ISmsGateway sms, IEmailGateway email, AuthMethod channel, string destination, string code, string correlationId)
    {
        var text = string.Format(CultureInfo.InvariantCulture, "Hawiya : code de vérification {0} / verification code {0}. Valable 10 minutes.", code);
        return channel == AuthMethod.Sms
            ? (await sms.SendAsync(new SmsMessage(destination.Trim(), text, correlationId))).Status
            : (await email.SendAsync(new EmailMessage(destination.Trim(), "Hawiya", text, null, correlationId))).Status;
    }

    /// <summary>The method a contact kind in a path stands for: <c>phone</c> is SMS, <c>email</c> is email.</summary>
    public static AuthMethod? Channel(string kind) => kind switch
    {
        "phone" => AuthMethod.Sms,
        "email" => AuthMethod.Email,
        _ => null,
    };
}
