using System.Globalization;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Traffic;

/// <summary>
/// First in the pipeline: a saturated silo sheds new work with 503 and Retry-After (RFC 9110
/// §10.2.3), before any grain call or signature. Provider quotas (429) are charged later, once
/// the client is verified (<see cref="ProviderQuotaCharge"/>).
/// </summary>
public sealed class TrafficControlMiddleware(RequestDelegate next, LoadShedder shedder, TrafficStats stats, IOptions<TrafficSettings> settings)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (RequestClassifier.IsExempt(http.Request.Path))
        {
            await next(http);
            return;
        }

        // SECURITY: the client_id a request names is not verified here, so it is not charged
        // here: anyone could spend another provider's quota. Quotas are charged once OpenIddict
        // (or the client-credentials lane) verified the client (ProviderQuotaCharge); until
        // then a request counts only against the per-IP limits and the silo's overload limit.
        var request = await RequestClassifier.ClassifyAsync(http.Request);
        if (!shedder.TryEnter(request.Priority))
        {
            stats.CountShed();
            await RefuseAsync(http, StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(settings.Value.ShedRetryAfterSeconds),
                Errors.TemporarilyUnavailable, "The platform is busy; retry after the time given.");
            return;
        }

        try
        {
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
    internal static async Task RefuseAsync(HttpContext http, int status, TimeSpan retryAfter, string error, string description)
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
