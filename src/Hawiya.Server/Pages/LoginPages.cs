using System.Net;
using System.Text;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Scopes;

namespace Hawiya.Server.Pages;

/// <summary>What every login page shows: who asks, for what level, and where its forms post.</summary>
public sealed record PageFrame(Texts Texts, string ProviderName, string ClientId, string RequestUri, LevelOfAssurance Level);

/// <summary>
/// Server-rendered login and consent pages: no JavaScript, one column that reads on a phone,
/// every form posting back with the request it belongs to: to <see cref="PageStepPath"/> for
/// the steps that never end a login, to the authorization endpoint for the others.
/// </summary>
public static partial class LoginPages
{
    /// <summary>Where the steps in <see cref="PageSteps"/> post: served from the login session alone.</summary>
    public const string PageStepPath = "/connect/login";

    public const string AuthorizePath = "/connect/authorize";

    /// <summary>Steps that never end a login: identify, choose a method, send again, start over, leave a push or card wait.</summary>
    public static readonly IReadOnlySet<string> PageSteps = new HashSet<string>(StringComparer.Ordinal)
    {
        "identify", "method", "resend", "restart", "device_cancel", "card_cancel",
    };

    public static string Identify(PageFrame frame, string? prefill, string? error) => Page(frame, body =>
    {
        Form(body, frame, "identify", form =>
        {
            form.Append("<label for=\"nn\">").Append(E(frame.Texts["national_number"])).Append("</label>")
                .Append("<input id=\"nn\" name=\"national_number\" autocomplete=\"username\" autocapitalize=\"characters\" required maxlength=\"32\" value=\"")
                .Append(E(prefill ?? string.Empty)).Append("\">");
            Submit(form, frame.Texts["continue"]);
        }, cancel: true);
    }, error);

    public static string Methods(PageFrame frame, IEnumerable<AuthMethod> methods, bool stepUp, string? error) => Page(frame, body =>
    {
        if (stepUp)
        {
            body.Append("<p class=\"note\">").Append(E(frame.Texts["step_up"])).Append("</p>");
        }

        body.Append("<h2>").Append(E(frame.Texts["choose"])).Append("</h2>");
        foreach (var method in methods)
        {
            Form(body, frame, "method", form =>
            {
                form.Append("<input type=\"hidden\" name=\"method\" value=\"").Append(method).Append("\">");
                Submit(form, frame.Texts[method.ToString()]);
            });
        }

        Link(body, frame, "restart", frame.Texts["not_me"]);
        Link(body, frame, "cancel", frame.Texts["cancel"]);
    }, error);

    public static string Password(PageFrame frame, string? error) => Page(frame, body =>
    {
        Form(body, frame, "password", form =>
        {
            form.Append("<label for=\"pw\">").Append(E(frame.Texts["password"])).Append("</label>")
                .Append("<input id=\"pw\" type=\"password\" name=\"password\" autocomplete=\"current-password\" required maxlength=\"256\">");
            Submit(form, frame.Texts["continue"]);
        });
        Link(body, frame, "methods", frame.Texts["other_method"]);
    }, error);

    public static string Code(PageFrame frame, string? error) => Page(frame, body =>
    {
        body.Append("<p class=\"note\">").Append(E(frame.Texts["code_sent"])).Append("</p>");
        Form(body, frame, "code", form =>
        {
            form.Append("<label for=\"otp\">").Append(E(frame.Texts["code"])).Append("</label>")
                .Append("<input id=\"otp\" name=\"code\" inputmode=\"numeric\" pattern=\"[0-9]{6}\" autocomplete=\"one-time-code\" required maxlength=\"6\">");
            Submit(form, frame.Texts["continue"]);
        });
        Link(body, frame, "resend", frame.Texts["resend"]);
        Link(body, frame, "methods", frame.Texts["other_method"]);
    }, error);

    public static string Consent(PageFrame frame, IEnumerable<ScopeDescription> scopes, IEnumerable<string> claims) => Page(frame, body =>
    {
        body.Append("<h2>").Append(E(frame.Texts["consent_title"])).Append("</h2><p>")
            .Append(E(frame.Texts["consent_intro"])).Append(" <strong>").Append(E(frame.ProviderName)).Append("</strong></p><ul>");
        foreach (var scope in scopes)
        {
            var label = frame.Texts.Language switch { "en" => scope.English, "ar" => scope.Arabic, _ => scope.French };
            body.Append("<li>").Append(E(label)).Append("</li>");
        }

        foreach (var claim in claims)
        {
            body.Append("<li>").Append(E(frame.Texts["claim"])).Append(" <code>").Append(E(claim)).Append("</code></li>");
        }

        body.Append("</ul>");
        Form(body, frame, "consent", form =>
        {
            form.Append("<button name=\"decision\" value=\"accept\">").Append(E(frame.Texts["accept"])).Append("</button>")
                .Append("<button class=\"secondary\" name=\"decision\" value=\"deny\">").Append(E(frame.Texts["deny"])).Append("</button>");
        }, cancel: false);
    }, error: null);

    public static string Message(Texts texts, string message) =>
        Shell(texts, body => body.Append("<p class=\"error\" role=\"alert\">").Append(E(message)).Append("</p>"));

    internal static string Page(PageFrame frame, Action<StringBuilder> content, string? error) => Shell(frame.Texts, body =>
    {
        body.Append("<p>").Append(E(frame.Texts["for"])).Append(" <strong>").Append(E(frame.ProviderName)).Append("</strong></p>")
            .Append("<p class=\"note\">").Append(E(frame.Texts["level"])).Append(" : ").Append(E(frame.Texts[frame.Level.ToAcr()])).Append("</p>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>");
        }

        content(body);
    });

    private static string Shell(Texts texts, Action<StringBuilder> content) => Shell(texts, "title", content);

    private static string Shell(Texts texts, string heading, Action<StringBuilder> content)
    {
        var html = new StringBuilder(2048);
        html.Append("<!doctype html><html lang=\"").Append(texts.Language).Append("\" dir=\"").Append(texts.RightToLeft ? "rtl" : "ltr").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(E(texts["title"])).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:28rem;margin:0 auto;padding:1rem;line-height:1.4}")
            .Append("label{display:block;margin:.8rem 0 .3rem}input{width:100%;box-sizing:border-box;padding:.6rem;font-size:1.1rem}")
            .Append("button{width:100%;margin:.5rem 0;padding:.7rem;font-size:1rem;background:#0b5394;color:#fff;border:0;border-radius:.3rem}")
            .Append("button.secondary,button.link{background:none;color:#0b5394;border:1px solid #0b5394}.note{color:#444}.error{color:#a40000;font-weight:bold}")
            .Append("</style></head><body><h1>").Append(E(texts[heading])).Append("</h1>");
        content(html);
        return html.Append("</body></html>").ToString();
    }

    internal static void Form(StringBuilder body, PageFrame frame, string step, Action<StringBuilder> fields, bool cancel = false)
    {
        body.Append("<form method=\"post\" action=\"").Append(PageSteps.Contains(step) ? PageStepPath : AuthorizePath).Append("\">")
            .Append("<input type=\"hidden\" name=\"client_id\" value=\"").Append(E(frame.ClientId)).Append("\">")
            .Append("<input type=\"hidden\" name=\"request_uri\" value=\"").Append(E(frame.RequestUri)).Append("\">")
            .Append("<input type=\"hidden\" name=\"step\" value=\"").Append(step).Append("\">");
        fields(body);
        body.Append("</form>");
        if (cancel)
        {
            Link(body, frame, "cancel", frame.Texts["cancel"]);
        }
    }

    internal static void Link(StringBuilder body, PageFrame frame, string step, string label) =>
        Form(body, frame, step, form => form.Append("<button class=\"link\">").Append(E(label)).Append("</button>"));

    internal static void Submit(StringBuilder form, string label) => form.Append("<button>").Append(E(label)).Append("</button>");

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
