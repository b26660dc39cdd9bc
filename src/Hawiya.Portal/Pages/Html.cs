using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;

namespace Hawiya.Portal.Pages;

/// <summary>
/// Server-rendered pages: one layout, every value HTML-encoded, no script, so every action
/// works as a plain form (POST, then redirect). Arabic pages are laid out right to left.
/// </summary>
internal static class Html
{
    public const string StylesheetPath = "/portal.css";

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? text) => Encoder.Encode(text ?? string.Empty);

    public static string Layout(HttpContext context, string title, string body, bool signedIn)
    {
        var t = Texts.For(context);
        var path = context.Request.Path.Value ?? "/";
        var nav = signedIn
            ? $"""
              <nav>
              <a href="/activity">{E(t.Activity)}</a>
              <a href="/consents">{E(t.Consents)}</a>
              <a href="/methods">{E(t.Methods)}</a>
              <a href="/identity">{E(t.Identity)}</a>
              <a href="/alerts">{E(t.Alerts)}</a>
              <a class="danger" href="/not-me">{E(t.NotMe)}</a>
              </nav>
              """
            : string.Empty;
        var languages = string.Join(" · ", Texts.All.Select(l => l.Code == t.Code
            ? $"<strong>{E(l.LanguageName)}</strong>"
            : $"<a href=\"/lang/{l.Code}?return={Uri.EscapeDataString(path)}\" lang=\"{l.Code}\">{E(l.LanguageName)}</a>"));
        var logout = signedIn ? PostButton(context, "/logout", t.LogOut, "link") : string.Empty;
        return $"""
            <!doctype html>
            <html lang="{t.Code}" dir="{t.Direction}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} — {E(t.PortalName)}</title>
            <link rel="stylesheet" href="{StylesheetPath}">
            </head>
            <body>
            <header><a class="brand" href="/">{E(t.PortalName)}</a>{logout}</header>
            {nav}
            <main>
            <h1>{E(title)}</h1>
            {body}
            </main>
            <footer>{languages}</footer>
            </body>
            </html>
            """;
    }

    public static IResult Page(HttpContext context, string title, string body, int statusCode = StatusCodes.Status200OK, bool signedIn = true) =>
        Results.Content(Layout(context, title, body, signedIn), "text/html; charset=utf-8", Encoding.UTF8, statusCode);

    public static async Task WriteAsync(HttpContext context, string title, string body, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Layout(context, title, body, signedIn: false), Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>The antiforgery field every state-changing form carries.</summary>
    public static string Antiforgery(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>A one-button form; <paramref name="fields"/> become hidden inputs.</summary>
    public static string PostButton(HttpContext context, string action, string label, string cssClass = "button", params (string Name, string Value)[] fields) => $"""
        <form method="post" action="{E(action)}" class="inline">
        {Antiforgery(context)}
        {string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{E(f.Name)}\" value=\"{E(f.Value)}\">"))}
        <button type="submit" class="{E(cssClass)}">{E(label)}</button>
        </form>
        """;

    public static string Notice(string? text, string kind = "notice") =>
        string.IsNullOrEmpty(text) ? string.Empty : $"<p class=\"{kind}\" role=\"status\">{E(text)}</p>";

    public const string Stylesheet = """
        *{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Arabic",sans-serif;line-height:1.5;color:#1b1f24;background:#f5f6f8}
        header{display:flex;justify-content:space-between;align-items:center;padding:.75rem 1rem;background:#0b3d62;color:#fff}
        header .brand{color:#fff;font-weight:700;text-decoration:none}
        header .link{color:#fff}
        nav{display:flex;flex-wrap:wrap;gap:.25rem .75rem;padding:.5rem 1rem;background:#fff;border-bottom:1px solid #d8dde3}
        nav a{color:#0b3d62}
        nav a.danger{color:#a4161a;font-weight:700}
        main{max-width:48rem;margin:0 auto;padding:1rem}
        h1{font-size:1.4rem}
        ul.list{list-style:none;padding:0;margin:0}
        ul.list li{background:#fff;border:1px solid #d8dde3;border-radius:.5rem;padding:.75rem;margin:.5rem 0}
        .meta{color:#4a5360;font-size:.9rem}
        .button{display:inline-block;padding:.5rem 1rem;border:0;border-radius:.4rem;background:#0b3d62;color:#fff;font-size:1rem;text-decoration:none;cursor:pointer}
        .button.danger{background:#a4161a}
        .button.secondary{background:#5b6673}
        .link{background:none;border:0;padding:0;color:inherit;text-decoration:underline;cursor:pointer;font-size:1rem}
        form.inline{display:inline}
        .notice{background:#e6f4ea;border:1px solid #9fd3ad;padding:.5rem .75rem;border-radius:.4rem}
        .error{background:#fdecea;border:1px solid #f1a9a0;padding:.5rem .75rem;border-radius:.4rem}
        label{display:block;margin:.5rem 0 .25rem}
        select{font-size:1rem;padding:.25rem}
        footer{max-width:48rem;margin:1rem auto;padding:1rem;color:#4a5360}
        @media (max-width:30rem){main{padding:.5rem}.button{width:100%;margin:.25rem 0}form.inline{display:block}}
        """;
}
