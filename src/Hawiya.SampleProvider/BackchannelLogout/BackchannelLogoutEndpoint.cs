using Hawiya.SampleProvider.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace Hawiya.SampleProvider.BackchannelLogout;

/// <summary>
/// The back-channel logout receiver (OpenID Connect Back-Channel Logout 1.0 §2.5): the
/// provider POSTs a signed logout token here, server to server, when a user's session with
/// it ends; the matching local sessions end with it.
/// </summary>
internal static partial class BackchannelLogoutEndpoint
{
    public const string Path = "/backchannel-logout";

    /// <summary>A logout token is a few hundred bytes; anything much larger is not one.</summary>
    private const long MaximumBodySize = 64 * 1024;

    public static IEndpointRouteBuilder MapBackchannelLogout(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous by design: the provider is the caller, and the signed token is its credential.
        endpoints.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context,
        LogoutTokenValidator validator,
        SessionRevocations revocations,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(BackchannelLogoutEndpoint).FullName!);

        // §2.8: whatever happens, the answer must not be cached.
        context.Response.Headers.CacheControl = "no-store";

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = MaximumBodySize;
        }

        // §2.5: the token arrives as the form parameter logout_token.
        if (!context.Request.HasFormContentType || context.Request.ContentLength > MaximumBodySize)
        {
            return Refuse(logger, "the request must be an application/x-www-form-urlencoded POST carrying logout_token");
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is BadHttpRequestException or InvalidDataException)
        {
            return Refuse(logger, "the form body could not be read");
        }

        var tokens = form["logout_token"];
        if (tokens.Count != 1 || string.IsNullOrEmpty(tokens[0]))
        {
            return Refuse(logger, "exactly one logout_token parameter is required");
        }

        var result = await validator.ValidateAsync(tokens[0]!, context.RequestAborted);
        if (!result.IsValid)
        {
            return Refuse(logger, result.Error!);
        }

        revocations.Revoke(result.Sid, result.Sub);
        LogAccepted(logger, result.Sid is not null ? "sid" : "sub");

        // §2.8: 200 OK when the logout succeeded.
        return Results.Ok();
    }

    /// <summary>§2.8: 400 Bad Request with an OAuth 2.0 error body (RFC 6749 §5.2) when the logout failed.</summary>
    private static IResult Refuse(ILogger logger, string description)
    {
        LogRefused(logger, description);
        return Results.Json(
            new Dictionary<string, string> { ["error"] = "invalid_request", ["error_description"] = description },
            statusCode: StatusCodes.Status400BadRequest);
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Back-channel logout accepted (by {Scope}).")]
    private static partial void LogAccepted(ILogger logger, string scope);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Back-channel logout refused: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string reason);
}
