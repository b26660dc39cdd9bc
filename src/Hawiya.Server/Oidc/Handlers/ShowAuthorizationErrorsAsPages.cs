using Microsoft.AspNetCore;
using Hawiya.Server.Pages;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// RFC 6749 §4.1.2.1: an authorization request whose client or redirect URI cannot be trusted
/// (unknown or suspended client, unregistered redirect_uri, an expired request_uri) is answered
/// to the citizen, not redirected. OpenIddict would write its error parameters as text/plain;
/// this writes a page in the citizen's language saying what happened and what to do, with the
/// error code and a reference the service's support can find in the logs.
/// </summary>
public sealed partial class ShowAuthorizationErrorsAsPages(ILogger<ShowAuthorizationErrorsAsPages> logger) : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>()
            .UseSingletonHandler<ShowAuthorizationErrorsAsPages>()
            // After the redirects (query, form post) have answered what may go back to the client.
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ProcessLocalErrorResponse<ApplyAuthorizationResponseContext>.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        var response = context.Transaction.Response;
        if (string.IsNullOrEmpty(response?.Error) || !string.IsNullOrEmpty(context.RedirectUri))
        {
            return;
        }

        var http = context.Transaction.GetHttpRequest()!.HttpContext;
        var problem = Classify(response.Error, response.ErrorDescription);
        var texts = Texts.For(context.Request?.UiLocales, http.Request.Cookies["hawiya.lang"], http.Request.Headers.AcceptLanguage.ToString());
        var reference = http.TraceIdentifier;
        LogShown(logger, response.Error, problem, reference);
        // The status OpenIddict chose (400, or 401 for invalid_client) stays; so do its no-store headers.
        LoginPageResult.AddHeaders(http.Response);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(LoginPages.RequestError(texts, problem, response.Error, reference), context.CancellationToken);
        context.HandleRequest();
    }

    /// <summary>OpenIddict names the parameter at fault in its description (<c>The specified 'redirect_uri' …</c>).</summary>
    public static RequestProblem Classify(string error, string? description)
    {
        var text = description ?? string.Empty;
        if (error is Errors.InvalidClient or Errors.UnauthorizedClient || text.Contains("'client_id'", StringComparison.Ordinal))
        {
            return RequestProblem.UnknownService;
        }

        if (text.Contains("'redirect_uri'", StringComparison.Ordinal))
        {
            return RequestProblem.RedirectUri;
        }

        // The request token behind a request_uri (RFC 9126 §4) is the one token read here: once
        // expired or used, OpenIddict calls it invalid_token.
        return error is Errors.InvalidToken or "invalid_request_uri"
            || text.Contains("'request_uri'", StringComparison.Ordinal) || text.Contains("expired", StringComparison.OrdinalIgnoreCase)
            ? RequestProblem.Expired
            : RequestProblem.Malformed;
    }

    // No parameter of the request is logged: the reference joins this line to the request's own.
    [LoggerMessage(Level = LogLevel.Information, Message = "Authorization request refused with {Error} ({Problem}), shown to the citizen as reference {Reference}")]
    private static partial void LogShown(ILogger logger, string error, RequestProblem problem, string reference);
}
