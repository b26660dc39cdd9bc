using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;

namespace Hawiya.SampleProvider.Pages;

/// <summary>
/// Server-rendered pages: one layout, every value HTML-encoded, no script. French accents stay
/// as they are (the encoder allows all of Unicode), markup characters are always escaped.
/// </summary>
internal static class Html
{
    public const string StylesheetPath = "/site.css";

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Encodes text for an element body or a quoted attribute.</summary>
    public static string E(string? text) => Encoder.Encode(text ?? string.Empty);

    public static string Layout(string title, string body) => $"""
        <!doctype html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)} — Portail des impôts (démo)</title>
        <link rel="stylesheet" href="{StylesheetPath}">
        </head>
        <body>
        <header><a class="brand" href="/">Portail des impôts <span>— démo</span></a></header>
        <main>
        <h1>{E(title)}</h1>
        {body}
        </main>
        <footer>Site de démonstration d'un fournisseur de service Hawiya (OpenID Connect). Vos informations ne sont pas enregistrées : elles restent dans le cookie chiffré de votre session.</footer>
        </body>
        </html>
        """;

    public static IResult Page(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        Results.Content(Layout(title, body), "text/html; charset=utf-8", Encoding.UTF8, statusCode);

    /// <summary>For handler events that write the response themselves.</summary>
    public static async Task WriteAsync(HttpContext context, string title, string body, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Layout(title, body), Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>A POST form with its antiforgery token: every state-changing button goes through one.</summary>
    public static string PostButton(HttpContext context, string action, string label, string cssClass = "button")
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"""
            <form method="post" action="{E(action)}">
            <input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">
            <button type="submit" class="{E(cssClass)}">{E(label)}</button>
            </form>
            """;
    }

    /// <summary>A two-column table of name/value rows (values already encoded).</summary>
    public static string Table(IEnumerable<(string Name, string EncodedValue)> rows)
    {
        var html = new StringBuilder("<table>");
        foreach (var (name, value) in rows)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th><td>").Append(value).Append("</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    public const string Stylesheet = """
        :root { color-scheme: light; --blue: #000091; --red: #c9191e; --grey: #f6f6f6; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #161616; }
        header { background: var(--blue); padding: .75rem 1rem; }
        header .brand { color: #fff; font-weight: 700; text-decoration: none; }
        header .brand span { font-weight: 400; }
        main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; margin-top: .5rem; }
        h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 2px solid var(--blue); }
        footer { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; font-size: .8rem; color: #666; }
        table { width: 100%; border-collapse: collapse; font-size: .95rem; }
        th, td { text-align: left; vertical-align: top; padding: .4rem; border-bottom: 1px solid #ddd; }
        th { width: 35%; font-weight: 600; }
        td { overflow-wrap: anywhere; }
        code { font-size: .85rem; background: var(--grey); padding: 0 .2rem; overflow-wrap: anywhere; }
        .button, button { display: inline-block; border: 0; border-radius: .25rem; padding: .75rem 1.25rem;
          font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; background: var(--blue); color: #fff; }
        .button.secondary, button.secondary { background: #fff; color: var(--blue); border: 1px solid var(--blue); }
        .hawiya { font-size: 1.1rem; padding: 1rem 1.5rem; }
        .actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1.5rem 0; }
        .actions form { margin: 0; }
        .notice { background: var(--grey); border-left: 4px solid var(--blue); padding: .75rem 1rem; }
        .warning { background: #fff4f3; border-left: 4px solid var(--red); padding: .75rem 1rem; }
        .muted { color: #666; font-size: .9rem; }
        @media (max-width: 30rem) { th, td { display: block; width: 100%; border: 0; padding: .1rem 0; }
          tr { display: block; border-bottom: 1px solid #ddd; padding: .4rem 0; } .button, button { width: 100%; text-align: center; } }
        """;
}
