namespace Hawiya.Server.Revocation;

/// <summary>
/// Answers OCSP ahead of the rest of the pipeline. The responder is public and unauthenticated,
/// its answers cacheable (RFC 5019): authentication, per-IP login and token limits and the
/// endpoints' parameter binding do not apply to it, and at thousands of answers a second they
/// would cost more than the answer itself. Placed after traffic control, so an overloaded silo
/// still sheds OCSP like any other work. Anything it does not recognise goes on to the routed
/// endpoints of <see cref="RevocationEndpoints"/>, which answer the same way.
/// </summary>
public sealed class OcspMiddleware(RequestDelegate next, OcspExchange exchange)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals(RevocationEndpoints.OcspPath, StringComparison.OrdinalIgnoreCase))
        {
            return exchange.PostAsync(context);
        }

        if (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments(RevocationEndpoints.OcspPath, StringComparison.OrdinalIgnoreCase, out var rest) && rest.HasValue)
        {
            return exchange.GetAsync(context);
        }

        return next(context);
    }
}
