using System.Globalization;

namespace Hawiya.Server.CitizenApi;

/// <summary>Refusals of the citizen API: RFC 6750 §3 challenges, RFC 9470 step-up, RFC 9457 bodies.</summary>
internal static class CitizenProblems
{
    private const string Realm = "hawiya-citizen";

    public static IResult Unauthorized(HttpContext http, string? error, string description)
    {
        http.Response.Headers.WWWAuthenticate = error is null
            ? $"Bearer realm=\"{Realm}\""
            : $"Bearer realm=\"{Realm}\", error=\"{error}\", error_description=\"{description}\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: error ?? "unauthorized", detail: description);
    }

    /// <summary>RFC 6750 §3.1: the token is valid but does not allow this API.</summary>
    public static IResult InsufficientScope(HttpContext http, string scope, string? description = null)
    {
        description ??= $"The access token lacks the {scope} scope.";
        http.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{Realm}\", error=\"insufficient_scope\", scope=\"{scope}\", error_description=\"{description}\"";
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "insufficient_scope", detail: description);
    }

    /// <summary>
    /// RFC 9470 §3: the login is too weak or too old for this action; the client logs the citizen
    /// in again with the <c>acr_values</c> and <c>max_age</c> named in the challenge.
    /// </summary>
    public static IResult StepUpRequired(HttpContext http, string acr, TimeSpan maxAge)
    {
        var seconds = ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        const string description = "This action needs a recent login at a higher level.";
        http.Response.Headers.WWWAuthenticate =
            $"Bearer realm=\"{Realm}\", error=\"insufficient_user_authentication\", error_description=\"{description}\", acr_values=\"{acr}\", max_age={seconds}";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "insufficient_user_authentication", detail: description,
            extensions: new Dictionary<string, object?> { ["acr_values"] = acr, ["max_age"] = (long)maxAge.TotalSeconds });
    }

    public static IResult BadRequest(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    public static IResult NotFound(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    public static IResult Conflict(string title, string? detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
