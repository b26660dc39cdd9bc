using Microsoft.AspNetCore;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Hawiya.Server.Oidc.Handlers;

/// <summary>
/// Reads a userinfo request (OIDC Core §5.3.1: GET or POST) in place of OpenIddict's reader,
/// which refuses a POST without a Content-Type. RFC 6750 §2.1 sends the token in the
/// Authorization header, so a POST with that header needs no body at all, and certified
/// relying parties send exactly that; a POST that has a body must still be a form (§2.2).
/// </summary>
public sealed class ExtractUserInfoRequest : IOpenIddictServerHandler<ExtractUserInfoRequestContext>
{
    /// <summary>The OpenIddict handler this one replaces, at the same place in the pipeline.</summary>
    public static OpenIddictServerHandlerDescriptor Replaced { get; } =
        OpenIddictServerAspNetCoreHandlers.ExtractGetOrPostRequest<ExtractUserInfoRequestContext>.Descriptor;

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractUserInfoRequestContext>()
            .AddFilter<OpenIddictServerAspNetCoreHandlerFilters.RequireHttpRequest>()
            .UseSingletonHandler<ExtractUserInfoRequest>()
            .SetOrder(Replaced.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ExtractUserInfoRequestContext context)
    {
        var http = context.Transaction.GetHttpRequest() ?? throw new InvalidOperationException("The userinfo request is not an ASP.NET Core request.");
        if (HttpMethods.IsGet(http.Method))
        {
            context.Transaction.Request = new OpenIddictRequest((IEnumerable<KeyValuePair<string, StringValues>>)http.Query);
        }
        else if (!HttpMethods.IsPost(http.Method))
        {
            context.Reject(Errors.InvalidRequest, "The userinfo endpoint takes GET or POST (OIDC Core section 5.3.1).");
        }
        else if (string.IsNullOrEmpty(http.ContentType) && HasNoBody(http))
        {
            context.Transaction.Request = new OpenIddictRequest();
        }
        else if (http.HasFormContentType)
        {
            context.Transaction.Request = new OpenIddictRequest((IEnumerable<KeyValuePair<string, StringValues>>)await http.ReadFormAsync(context.CancellationToken));
        }
        else
        {
            context.Reject(Errors.InvalidRequest, "A userinfo POST with a body must be application/x-www-form-urlencoded (RFC 6750 section 2.2).");
        }
    }

    private static bool HasNoBody(HttpRequest http) =>
        http.ContentLength == 0 || (http.ContentLength is null && !http.Headers.ContainsKey(HeaderNames.TransferEncoding));
}
