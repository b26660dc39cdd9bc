using static Hawiya.Portal.Pages.Html;

namespace Hawiya.Portal.Pages;

/// <summary>The enrollment forms of the Methods page: plain HTML forms, each with its antiforgery field.</summary>
internal static class EnrollmentPages
{
    // The six digits of a contact code (an HTML pattern, checked again by the server).
    private const string CodePattern = "[0-9]{6}";

    /// <summary>The password form, the phone and email forms, and where devices are added.</summary>
    public static string Forms(HttpContext context, Texts t)
    {
        var e = EnrollmentTexts.For(t);
        return $"""
            <h2>{E(e.ChangePassword)}</h2>
            <form method="post" action="/credentials/password" id="password-form">
            {Antiforgery(context)}
            <label for="new-password">{E(e.NewPassword)}</label>
            <input type="password" id="new-password" name="password" autocomplete="new-password" minlength="8" maxlength="256" required>
            <p class="meta">{E(e.PasswordRules)}</p>
            <button type="submit" class="button">{E(e.SavePassword)}</button>
            </form>
            {ContactForm(context, e, "phone", e.AddPhone, e.NewPhone, "tel", "tel")}
            {ContactForm(context, e, "email", e.AddEmail, e.NewEmail, "email", "email")}
            <p class="meta" id="devices-in-app">{E(e.DevicesInApp)}</p>
            """;
    }

    /// <summary>The second step: the code sent to the new phone number or address.</summary>
    public static string Confirm(HttpContext context, Texts t, string kind, string? error)
    {
        var e = EnrollmentTexts.For(t);
        return $"""
            {Notice(error, "error")}
            <p>{E(e.EnterCode)}</p>
            <form method="post" action="/contacts/{E(kind)}/confirm" id="code-form">
            {Antiforgery(context)}
            <label for="code">{E(e.Code)}</label>
            <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="{CodePattern}" maxlength="6" required>
            <button type="submit" class="button">{E(e.ConfirmCode)}</button>
            </form>
            """;
    }

    private static string ContactForm(HttpContext context, EnrollmentTexts e, string kind, string title, string label, string type, string autocomplete) => $"""
        <h2>{E(title)}</h2>
        <form method="post" action="/contacts/{kind}" id="{kind}-form">
        {Antiforgery(context)}
        <label for="new-{kind}">{E(label)}</label>
        <input type="{type}" id="new-{kind}" name="value" autocomplete="{autocomplete}" required>
        <button type="submit" class="button secondary">{E(e.SendCode)}</button>
        </form>
        """;
}
