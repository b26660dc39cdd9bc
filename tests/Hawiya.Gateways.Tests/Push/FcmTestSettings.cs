using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Gateways.Tests.Support;

namespace Hawiya.Gateways.Tests.Push;

internal static class FcmTestSettings
{
    public static Dictionary<string, string?> For(FakeGoogleServer google)
    {
        var settings = GatewayTestHost.DefaultSettings();
        settings["Gateways:Push:Provider"] = "Fcm";
        settings["Gateways:Push:Fcm:BaseUrl"] = google.BaseUrl;
        settings["Gateways:Push:Fcm:ProjectId"] = ServiceAccountFixture.ProjectId;
        settings["Gateways:Push:Fcm:TokenEndpoint"] = google.TokenUrl;
        settings["Gateways:Push:Fcm:ServiceAccountJson"] = ServiceAccountFixture.Json("https://oauth2.googleapis.com/token");
        return settings;
    }
}
