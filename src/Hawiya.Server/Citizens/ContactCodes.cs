using System.Globalization;
using Hawiya.Contracts.Common;
using Hawiya.Gateways;
using Hawiya.Gateways.Email;
using Hawiya.Gateways.Sms;

namespace Hawiya.Server.Citizens;

/// <summary>Sends the code that proves a new phone number or email address is the citizen's (app and portal alike).</summary>
internal static class ContactCodes
{
    public static async Task<SendStatus> SendAsync(ISmsGateway sms, IEmailGateway email, AuthMethod channel, string destination, string code, string correlationId)
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
