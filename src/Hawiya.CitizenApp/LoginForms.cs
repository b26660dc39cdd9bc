using System.Net;
using System.Text.RegularExpressions;

namespace Hawiya.CitizenApp;

/// <summary>Reads Hawiya's login pages as a browser does: where each step's form posts.</summary>
public static partial class LoginForms
{
    /// <summary>Where a page without a form for the step is posted: the authorization endpoint, which takes every step.</summary>
    public const string DefaultAction = "/connect/authorize";

    /// <summary>The action of <paramref name="html"/>'s form for <paramref name="step"/>, or <see cref="DefaultAction"/>.</summary>
    public static string ActionOf(string html, string? step)
    {
        foreach (Match form in FormStart().Matches(html))
        {
            if (form.Groups[2].Value == step)
            {
                return WebUtility.HtmlDecode(form.Groups[1].Value);
            }
        }

        return DefaultAction;
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\">(?:<input type=\"hidden\" name=\"(?:client_id|request_uri)\" value=\"[^\"]*\">)*<input type=\"hidden\" name=\"step\" value=\"([^\"]*)\">")]
    private static partial Regex FormStart();
}
