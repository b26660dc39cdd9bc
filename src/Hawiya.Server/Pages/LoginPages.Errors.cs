namespace Hawiya.Server.Pages;

/// <summary>What went wrong with an authorization request that cannot go back to the service.</summary>
public enum RequestProblem
{
    /// <summary>No such accredited service (unknown or suspended client).</summary>
    UnknownService,
    /// <summary>A redirect URI the service did not register.</summary>
    RedirectUri,
    /// <summary>A request_uri that expired or was used already.</summary>
    Expired,
    /// <summary>Anything else that is malformed.</summary>
    Malformed,
}

public static partial class LoginPages
{
    /// <summary>
    /// RFC 6749 §4.1.2.1: when the client or its redirect URI cannot be trusted the citizen is
    /// told, not redirected. The page says what happened and what to do, in the citizen's
    /// language, and shows the OAuth error code and a reference for the service's support.
    /// </summary>
    public static string RequestError(Texts texts, RequestProblem problem, string error, string reference) =>
        Shell(texts, "error_title", body =>
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(E(texts[problem switch
            {
                RequestProblem.UnknownService => "error_client",
                RequestProblem.RedirectUri => "error_redirect_uri",
                RequestProblem.Expired => "error_expired",
                _ => "error_request",
            }])).Append("</p>");
            body.Append("<p>").Append(E(texts[problem == RequestProblem.Expired ? "error_do_retry" : "error_do_contact"])).Append("</p>");
            body.Append("<p class=\"note\">").Append(E(texts["error_code"])).Append(" : <code dir=\"ltr\">").Append(E(error))
                .Append("</code> · <code dir=\"ltr\">").Append(E(reference)).Append("</code></p>");
        });
}
