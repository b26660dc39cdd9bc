using System.Globalization;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Traffic;

/// <summary>
/// First in the pipeline: a provider over its quota gets 429, a saturated silo sheds new work
/// with 503; both with Retry-After (RFC 9110 §10.2.3), before any grain call or signature.
/// </summary>
public sealed class TrafficControlMiddleware(RequestDelegate next, ProviderQuotas quotas, LoadShedder shedder, TrafficStats stats, IOptions<TrafficSettings> settings)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (RequestClassifier.IsExempt(http.Request.Path))
        {
            await next(http);
            return;
        }

        var request = await RequestClassifier.ClassifyAsync(http.Request);
        if (request.ClientId is { } clientId && !quotas.TryAdmit(clientId, out var retryAfter))
        {
            stats.CountRejected(clientId);
            await RefuseAsync(http, StatusCodes.Status429TooManyRequests, retryAfter,
                "rate_limited", "This service is over its request quota; retry after the time given.");
            return;
        }

        if (!shedder.TryEnter(request.Priority))
        {
            stats.CountShed();
            await RefuseAsync(http, StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(settings.Value.ShedRetryAfterSeconds),
                Errors.TemporarilyUnavailable, "The platform is busy; retry after the time given.");
            return;
        }

        try
        {
            if (request.ClientId is { } admitted)
            {
                stats.CountAdmitted(admitted);
            }

            await next(http);
        }
        finally
        {
            shedder.Exit();
        }
    }

    /// <summary>
    /// OAuth endpoints answer the RFC 6749 §5.2 JSON error shape (<c>temporarily_unavailable</c>
    /// when shedding) that client libraries read; everything else an RFC 9457 problem.
    /// </summary>
    private static async Task RefuseAsync(HttpContext http, int status, TimeSpan retryAfter, string error, string description)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        if (http.Request.Path.StartsWithSegments("/connect"))
        {
            await http.Response.WriteAsJsonAsync(new Dictionary<string, string>
            {
                [Parameters.Error] = status == StatusCodes.Status503ServiceUnavailable ? Errors.TemporarilyUnavailable : error,
                [Parameters.ErrorDescription] = description,
            });
            return;
        }

        await Results.Problem(statusCode: status, title: error, detail: description, extensions: new Dictionary<string, object?> { ["error"] = error })
            .ExecuteAsync(http);
    }
}
