using System.Globalization;
using Hawiya.Portal.Api;

namespace Hawiya.Portal.Pages;

/// <summary>The body of each portal page, from what the citizen API answered.</summary>
internal static class PortalPages
{
    private static string E(string? text) => Html.E(text);

    private static string When(DateTimeOffset at, Texts t) =>
        at.ToString("g", CultureInfo.GetCultureInfo(t.Code == "ar" ? "ar-MA" : t.Code == "en" ? "en-GB" : "fr-FR")) + " UTC";

    public static string Activity(Texts t, Activity activity, bool first)
    {
        var items = activity.Entries.Select(e =>
        {
            var details = new List<string>();
            if (e.Acr is not null)
            {
                details.Add($"{E(t.Level)} : {E(e.Acr)}");
            }

            if (e.Methods.Length > 0)
            {
                details.Add($"{E(t.With)} : {E(string.Join(", ", e.Methods.Select(m => Texts.Label(t.MethodNames, m))))}");
            }

            if (e.ReleasedClaims.Length > 0)
            {
                details.Add($"{E(t.Released)} : {E(string.Join(", ", e.ReleasedClaims))}");
            }

            if (e.Place is not null)
            {
                details.Add($"{E(t.Place)} : {E(e.Place)}");
            }

            var detail = e.Kind is "MethodEnabled" or "MethodDisabled" or "MethodEnrolled" or "LockedOut"
                ? Texts.Label(t.MethodNames, e.Detail)
                : e.Kind == "Use" ? null : e.Detail;
            return $"""
                <li data-kind="{E(e.Kind)}" data-client="{E(e.ClientId)}">
                <strong>{E(Texts.Label(t.KindNames, e.Kind))}</strong>{(e.Provider is null ? string.Empty : " — " + E(e.Provider))}{(detail is null ? string.Empty : " — " + E(detail))}
                <div class="meta"><time datetime="{e.At:O}">{E(When(e.At, t))}</time>{string.Concat(details.Select(d => " · " + d))}</div>
                </li>
                """;
        });
        var list = activity.Entries.Length == 0 ? $"<p>{E(t.NoActivity)}</p>" : $"<ul class=\"list\" id=\"activity\">{string.Concat(items)}</ul>";
        var paging = (first ? string.Empty : $"<a href=\"/activity\">{E(t.Newest)}</a> ")
            + (activity.Next is { } next ? $"<a href=\"/activity?before={next.ToString(CultureInfo.InvariantCulture)}\" rel=\"next\">{E(t.Older)}</a>" : string.Empty);
        return $"""
            <p>{E(t.ActivityIntro)}</p>
            {list}
            <p>{paging}</p>
            <p>{E(t.NotMeHint)} <a class="button danger" href="/not-me">{E(t.NotMe)}</a></p>
            """;
    }

    public static string Consents(HttpContext context, Texts t, ConsentInfo[] consents, string? notice)
    {
        var items = consents.Select(c => $"""
            <li data-client="{E(c.ClientId)}">
            <strong>{E(c.Provider)}</strong>
            <div class="meta">{E(t.Since)} {E(When(c.GrantedAt, t))} · {E(t.Scopes)} : {E(string.Join(", ", c.Scopes))}{(c.Claims.Length > 0 ? " · " + E(string.Join(", ", c.Claims)) : string.Empty)}</div>
            {Html.PostButton(context, $"/consents/{Uri.EscapeDataString(c.ClientId)}/revoke", t.Revoke, "button secondary")}
            </li>
            """);
        return $"""
            {Html.Notice(notice)}
            <p>{E(t.ConsentsIntro)}</p>
            {(consents.Length == 0 ? $"<p>{E(t.NoConsents)}</p>" : $"<ul class=\"list\" id=\"consents\">{string.Concat(items)}</ul>")}
            """;
    }

    public static string Methods(HttpContext context, Texts t, CitizenProfile profile, DeviceInfo[] devices, string? notice)
    {
        var deviceItems = devices.Select(d => $"""
            <li data-device="{E(d.Id)}">
            <strong>{E(d.Label)}</strong>
            <div class="meta">{E(t.EnrolledOn)} {E(When(d.EnrolledAt, t))}</div>
            {Html.PostButton(context, $"/devices/{Uri.EscapeDataString(d.Id)}/remove", t.RemoveDevice, "button secondary")}
            </li>
            """);
        var items = profile.Methods.Select(m => $"""
            <li data-method="{E(m.Method)}" data-enabled="{(m.Enabled ? "true" : "false")}">
            <strong>{E(Texts.Label(t.MethodNames, m.Method))}</strong> — {E(m.Enabled ? t.On : t.Off)}
            {Html.PostButton(context, $"/methods/{Uri.EscapeDataString(m.Method)}", m.Enabled ? t.TurnOff : t.TurnOn, "button secondary", ("enabled", m.Enabled ? "false" : "true"))}
            </li>
            """);
        return $"""
            {Html.Notice(notice)}
            <p>{E(t.MethodsIntro)}</p>
            <p class="meta">{E(t.StepUpNote)}</p>
            <ul class="list" id="methods">{string.Concat(items)}</ul>
            <h2>{E(t.ContactPoints)}</h2>
            <ul class="list">
            <li>{E(t.Phone)} : {E(profile.Phone ?? t.None)}</li>
            <li>{E(t.Email)} : {E(profile.Email ?? t.None)}</li>
            </ul>
            <h2>{E(t.Devices)}</h2>
            {(devices.Length == 0 ? $"<p id=\"no-devices\">{E(t.NoDevices)}</p>" : $"<ul class=\"list\" id=\"devices\">{string.Concat(deviceItems)}</ul>")}
            {EnrollmentPages.Forms(context, t)}
            """;
    }

    public static string Identity(HttpContext context, Texts t, CitizenProfile profile, string? notice)
    {
        var status = profile.Status switch
        {
            "Active" => Html.PostButton(context, "/identity/deactivate", t.Deactivate, "button secondary"),
            "NotActivated" or "Deactivated" => Html.PostButton(context, "/identity/activate", t.Activate),
            "Frozen" => $"<p>{E(t.NotMeUnfreeze)}</p>",
            _ => string.Empty,
        };
        var cards = profile.Cards.Select(c => $"""
            <li data-card="{E(c.Key)}">
            <strong>{E(t.Cards)}</strong> — {E(Texts.Label(t.StatusNames, c.Status))}{(c.RevocationCause is null ? string.Empty : " (" + E(c.RevocationCause) + ")")}
            {(c.NotAfter is { } until ? $"<div class=\"meta\">{E(t.ValidUntil)} {E(until.ToString("d", CultureInfo.InvariantCulture))}</div>" : string.Empty)}
            {(c.Status is "Active" or "Suspended"
                ? Html.PostButton(context, $"/identity/cards/{Uri.EscapeDataString(c.Key)}/report", t.ReportLost, "button secondary", ("cause", "Lost"))
                  + " " + Html.PostButton(context, $"/identity/cards/{Uri.EscapeDataString(c.Key)}/report", t.ReportStolen, "button danger", ("cause", "Stolen"))
                : string.Empty)}
            </li>
            """);
        return $"""
            {Html.Notice(notice)}
            <p>{E(t.IdentityIntro)}</p>
            <p id="status" data-status="{E(profile.Status)}">{E(t.Status)} : <strong>{E(Texts.Label(t.StatusNames, profile.Status))}</strong></p>
            {status}
            <p class="meta">{E(t.StepUpNote)}</p>
            <h2>{E(t.Cards)}</h2>
            {(profile.Cards.Length == 0 ? $"<p>{E(t.NoCards)}</p>" : $"<ul class=\"list\">{string.Concat(cards)}</ul>")}
            """;
    }

    public static string Alerts(HttpContext context, Texts t, AlertPreferences preferences, string? notice)
    {
        string Select(string name, string label, string current, bool allowNone) => $"""
            <label for="{name}">{E(label)}</label>
            <select id="{name}" name="{name}">
            {string.Concat(t.ChannelNames.Keys.Order(StringComparer.Ordinal).Where(c => allowNone || c != "None").Select(c =>
                $"<option value=\"{E(c)}\"{(c == current ? " selected" : string.Empty)}>{E(t.ChannelNames[c])}</option>"))}
            </select>
            """;
        return $"""
            {Html.Notice(notice)}
            <p>{E(t.AlertsIntro)}</p>
            <form method="post" action="/alerts">
            {Html.Antiforgery(context)}
            {Select("use", t.AlertUse, preferences.Use, allowNone: true)}
            {Select("newMethod", t.AlertNewMethod, preferences.NewMethod, allowNone: false)}
            {Select("cardStatus", t.AlertCardStatus, preferences.CardStatus, allowNone: false)}
            <p class="meta">{E(t.AlertNoneNote)}</p>
            <p class="meta">{E(t.StepUpNote)}</p>
            <button type="submit" class="button">{E(t.Save)}</button>
            </form>
            """;
    }

    public static string NotMe(HttpContext context, Texts t) => $"""
        <p>{E(t.NotMeIntro)}</p>
        <p>{E(t.NotMeUnfreeze)}</p>
        {Html.PostButton(context, "/not-me", t.NotMeButton, "button danger")}
        """;

    public static string Refused(Texts t, ApiRefusal refusal, string back) => $"""
        <p class="error">{E(refusal.Detail ?? refusal.Title)}</p>
        <p><a class="button" href="{E(back)}">{E(t.TryAgain)}</a></p>
        """;
}
