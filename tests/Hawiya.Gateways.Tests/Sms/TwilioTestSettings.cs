using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Gateways.Tests.Support;

namespace Hawiya.Gateways.Tests.Sms;

internal static class TwilioTestSettings
{
    public const string Sender = "+15005550006";

    public static Dictionary<string, string?> For(FakeTwilioServer twilio)
    {
        var settings = GatewayTestHost.DefaultSettings();
        settings["Gateways:Sms:Provider"] = "Twilio";
        settings["Gateways:Sms:Twilio:BaseUrl"] = twilio.BaseUrl;
        settings["Gateways:Sms:Twilio:AccountSid"] = FakeTwilioServer.AccountSid;
        settings["Gateways:Sms:Twilio:AuthToken"] = FakeTwilioServer.AuthToken;
        settings["Gateways:Sms:Twilio:From"] = Sender;
        return settings;
    }
}
