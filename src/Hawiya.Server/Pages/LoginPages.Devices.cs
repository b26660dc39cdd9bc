using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Microsoft.AspNetCore.WebUtilities;

namespace Hawiya.Server.Pages;

public static partial class LoginPages
{
    /// <summary>
    /// Waiting for the citizen's app: the number to type (push) or what the app does (face). The
    /// page reloads itself with a meta refresh and has a button, so it works without JavaScript.
    /// </summary>
    public static string Device(PageFrame frame, DevicePrompt prompt, int pollSeconds, string? error) => Page(frame, body =>
    {
        var reload = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = frame.ClientId,
            ["request_uri"] = frame.RequestUri,
        });
        body.Append("<meta http-equiv=\"refresh\" content=\"").Append(pollSeconds).Append(";url=").Append(E(reload)).Append("\">");
        // Both ask for the number shown here: only whoever sees this page can answer for it.
        body.Append("<p>").Append(E(frame.Texts[prompt.Method == AuthMethod.Push ? "device_push" : "device_face"])).Append("</p>")
            .Append("<p class=\"number\" style=\"font-size:3rem;font-weight:bold;text-align:center;letter-spacing:.3rem\" data-number=\"")
            .Append(E(prompt.Number ?? string.Empty)).Append("\">").Append(E(prompt.Number ?? string.Empty)).Append("</p>");

        Form(body, frame, "device_check", form => Submit(form, frame.Texts["device_check"]));
        Link(body, frame, "device_cancel", frame.Texts["other_method"]);
    }, error);
}
