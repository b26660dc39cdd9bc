using System.Globalization;
using Hawiya.Contracts.Common;

namespace Hawiya.Server.CitizenApp;

/// <summary>The app API's refusals: RFC 9457 problem details, and RFC 6750 / RFC 9470 bearer challenges.</summary>
public static class AppProblems
{
    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);

    /// <summary>RFC 6750 §3: no token, or one that is not valid (any longer).</summary>
    public static IResult InvalidToken(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"A valid access token of the citizen app is required.\"";
        return Problem(StatusCodes.Status401Unauthorized, "invalid_token", "A valid access token issued to the citizen app is required (RFC 6750).");
    }

    /// <summary>
    /// RFC 9470 §3: the login behind the token is not strong enough, or too old; log in again at
    /// <paramref name="level"/> (and, with <paramref name="maxAge"/>, no longer ago than that).
    /// </summary>
    public static IResult InsufficientLevel(HttpContext http, LevelOfAssurance level, TimeSpan? maxAge = null)
    {
        var acr = level.ToAcr();
        var seconds = maxAge is { } age ? (long)age.TotalSeconds : (long?)null;
        http.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_user_authentication\", error_description=\"A recent login at {acr} or higher is required.\", acr_values=\"{acr}\""
            + (seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $", max_age={s}") : string.Empty);
        var extensions = new Dictionary<string, object?> { ["acr_values"] = acr };
        if (seconds is { } max)
        {
            extensions["max_age"] = max;
        }

        return Problem(StatusCodes.Status401Unauthorized, "insufficient_user_authentication",
            $"This change needs a recent login at {acr} or higher (RFC 9470).", extensions);
    }

    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "invalid_request", detail);
}
