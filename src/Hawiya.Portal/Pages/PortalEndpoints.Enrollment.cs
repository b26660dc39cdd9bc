using Hawiya.Portal.Api;

namespace Hawiya.Portal.Pages;

/// <summary>The enrollment actions: POST, then redirect (a new password, a contact in two steps).</summary>
internal static partial class PortalEndpoints
{
    private static void MapEnrollment(WebApplication app)
    {
        app.MapGet("/contacts/{kind:regex(^(phone|email)$)}/confirm", (HttpContext http, string kind) =>
        {
            var t = Texts.For(http);
            return Html.Page(http, t.Methods, EnrollmentPages.Confirm(http, t, kind, error: null));
        }).RequireAuthorization();

        var actions = app.MapGroup("").RequireAuthorization().AddEndpointFilter<ValidateAntiforgery>();
        actions.MapPost("/credentials/password", async (HttpContext http, CitizenApiClient api) =>
        {
            var form = await http.Request.ReadFormAsync();
            var result = await api.ChangePasswordAsync(form["password"].ToString());
            if (result.Succeeded)
            {
                return Results.Redirect("/methods?done=password");
            }

            var t = Texts.For(http);
            return result.Refusal!.Title == "weak_password"
                ? Html.Page(http, t.Refused, $"""
                    <p class="error" id="password-refused">{Html.E(EnrollmentTexts.For(t).PasswordRefused)} {Html.E(EnrollmentTexts.For(t).PasswordRules)}</p>
                    <p><a class="button" href="/methods">{Html.E(t.TryAgain)}</a></p>
                    """, StatusCodes.Status422UnprocessableEntity)
                : Refusal(http, result.Refusal, "/methods");
        });

        actions.MapPost("/contacts/{kind:regex(^(phone|email)$)}", async (HttpContext http, CitizenApiClient api, string kind) =>
        {
            var form = await http.Request.ReadFormAsync();
            var result = await api.StartContactAsync(kind, form["value"].ToString());
            return result.Succeeded ? Results.Redirect($"/contacts/{kind}/confirm") : Refusal(http, result.Refusal!, "/methods");
        });

        actions.MapPost("/contacts/{kind:regex(^(phone|email)$)}/confirm", async (HttpContext http, CitizenApiClient api, string kind) =>
        {
            var form = await http.Request.ReadFormAsync();
            var result = await api.ConfirmContactAsync(kind, form["code"].ToString());
            if (result.Succeeded)
            {
                return Results.Redirect("/methods?done=contact");
            }

            var t = Texts.For(http);
            return result.Refusal!.Title == "wrong_code"
                ? Html.Page(http, t.Methods, EnrollmentPages.Confirm(http, t, kind, EnrollmentTexts.For(t).WrongCode), StatusCodes.Status422UnprocessableEntity)
                : Refusal(http, result.Refusal, "/methods");
        });
    }

    /// <summary>The confirmation shown on the Methods page after an enrollment, if any.</summary>
    private static string? EnrollmentNotice(Texts t, string? done) => done switch
    {
        "password" => EnrollmentTexts.For(t).PasswordChanged,
        "contact" => EnrollmentTexts.For(t).ContactChanged,
        _ => null,
    };
}
