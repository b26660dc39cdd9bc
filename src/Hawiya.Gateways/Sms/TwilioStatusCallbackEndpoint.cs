using System.Globalization;
using Hawiya.Gateways.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace Hawiya.Gateways.Sms;

/// <summary>Maps the endpoint Twilio posts message status callbacks to.</summary>
public static class TwilioStatusCallbackEndpoint
{
    /// <summary>The default route; set <see cref="TwilioOptions.StatusCallbackUrl"/> to its public URL.</summary>
    public const string DefaultPattern = "/gateways/twilio/status";

    /// <summary>The header Twilio signs its webhooks in (https://www.twilio.com/docs/usage/webhooks/webhooks-security).</summary>
    public const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>
    /// Maps a POST endpoint that verifies X-Twilio-Signature, then hands the report to the
    /// registered <see cref="ISmsDeliveryReportSink"/>. Unsigned or wrongly signed requests get 403.
    /// </summary>
    public static RouteHandlerBuilder MapTwilioStatusCallback(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(pattern, (Delegate)HandleAsync).ExcludeFromDescription();
    }

    private static async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TwilioStatusCallbackEndpoint));
        var settings = services.GetRequiredService<IOptions<TwilioOptions>>().Value;
        if (string.IsNullOrEmpty(settings.AuthToken))
        {
            // SMS goes to the development outbox: there is no Twilio account to hear from.
            GatewayLog.TwilioCallbackRefused(logger, "Twilio is not the configured SMS provider");
            return Results.NotFound();
        }

        if (!context.Request.HasFormContentType)
        {
            GatewayLog.TwilioCallbackRefused(logger, "not a form post");
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);

        // Twilio's reports name each parameter once, and the signature is computed over one value per
        // name; a repeated name is no report of Twilio's.
        if (form.Any(field => field.Value.Count > 1))
        {
            GatewayLog.TwilioCallbackRefused(logger, "repeated parameter");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var parameters = form.ToDictionary(field => field.Key, field => field.Value.ToString(), StringComparer.Ordinal);

        // Twilio signs the URL it was given, so the configured public URL is the reference; the URL
        // seen here may differ behind a TLS-terminating proxy.
        var signedUrl = string.IsNullOrWhiteSpace(settings.StatusCallbackUrl)
            ? context.Request.GetEncodedUrl()
            : settings.StatusCallbackUrl;

        // SECURITY: without this check anyone could forge "delivered" or "failed" reports.
        if (!IsSignedByTwilio(settings.AuthToken, signedUrl, parameters, context.Request.Headers[SignatureHeader]))
        {
            GatewayLog.TwilioCallbackRefused(logger, "signature mismatch");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        // An account SID other than ours means a valid signature from a token we share with another
        // account, which should not happen; refuse rather than trust it.
        if (!string.Equals(form["AccountSid"], settings.AccountSid, StringComparison.Ordinal))
        {
            GatewayLog.TwilioCallbackRefused(logger, "foreign account");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var sid = form["MessageSid"].ToString();
        var status = form["MessageStatus"].ToString();
        if (sid.Length == 0 || status.Length == 0)
        {
            GatewayLog.TwilioCallbackRefused(logger, "missing MessageSid or MessageStatus");
            return Results.BadRequest();
        }

        int? errorCode = int.TryParse(form["ErrorCode"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
        var sink = services.GetRequiredService<ISmsDeliveryReportSink>();
        await sink.ReportAsync(new SmsDeliveryReport(sid, status, errorCode), context.RequestAborted).ConfigureAwait(false);

        // Twilio only needs a 2xx; an empty body avoids it logging a TwiML parse warning.
        return Results.NoContent();
    }

    /// <summary>
    /// True when <paramref name="signature"/> is Twilio's signature of this URL and these form
    /// parameters: Base64(HMAC-SHA1(auth token, URL + each parameter's name and value, sorted by
    /// name)), checked by Twilio's library. It accepts the URL with and without its port, because
    /// Twilio's signing side is not consistent about it.
    /// </summary>
    internal static bool IsSignedByTwilio(string authToken, string url, IDictionary<string, string> parameters, string? signature) =>
        // The library refuses an empty signature with an exception; a request without one is simply not Twilio's.
        !string.IsNullOrEmpty(signature)
        && new RequestValidator(authToken).Validate(WithoutDefaultPort(url), parameters, signature);

    /// <summary>
    /// The URL without a default port written out (<c>https://host:443/…</c> to <c>https://host/…</c>).
    /// The library tries both forms when given the URL without its port, but reads a written default
    /// port as absent and then never tries the URL without it.
    /// </summary>
    private static string WithoutDefaultPort(string url)
    {
        var authorityStart = url.IndexOf("://", StringComparison.Ordinal) + 3;
        if (authorityStart < 3 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsDefaultPort)
        {
            return url;
        }

        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var port = ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        return url.AsSpan(authorityStart, authorityEnd - authorityStart).EndsWith(port, StringComparison.Ordinal)
            ? string.Concat(url.AsSpan(0, authorityEnd - port.Length), url.AsSpan(authorityEnd))
            : url;
    }
}
