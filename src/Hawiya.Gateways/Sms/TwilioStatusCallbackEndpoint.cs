using System.Globalization;
using Hawiya.Gateways.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hawiya.Gateways.Sms;

/// <summary>Maps the endpoint Twilio posts message status callbacks to.</summary>
public static class TwilioStatusCallbackEndpoint
{
    /// <summary>The default route; set <see cref="TwilioOptions.StatusCallbackUrl"/> to its public URL.</summary>
    public const string DefaultPattern = "/gateways/twilio/status";

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
        var parameters = form.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? string.Empty)));

        // Twilio signs the URL it was given, so the configured public URL is the reference; the URL
        // seen here may differ behind a TLS-terminating proxy.
        var signedUrl = string.IsNullOrWhiteSpace(settings.StatusCallbackUrl)
            ? context.Request.GetEncodedUrl()
            : settings.StatusCallbackUrl;
        var validator = new TwilioSignatureValidator(settings.AuthToken);

        // SECURITY: without this check anyone could forge "delivered" or "failed" reports.
        if (!validator.IsValid(signedUrl, parameters, context.Request.Headers[TwilioSignatureValidator.HeaderName]))
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
}
