using Hawiya.Server.Hosting;
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

    /// <summary>The refusal in the shape the client reads (<see cref="ErrorAnswers"/>): <c>temporarily_unavailable</c> when shedding.</summary>
    internal static Task RefuseAsync(HttpContext http, int status, TimeSpan retryAfter, string error, string description) =>
        ErrorAnswers.WriteAsync(http, status, retryAfter, status == StatusCodes.Status503ServiceUnavailable ? Errors.TemporarilyUnavailable : error, description);
}
