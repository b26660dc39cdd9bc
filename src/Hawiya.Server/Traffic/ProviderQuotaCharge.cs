using Hawiya.Server.Oidc.Handlers;

namespace Hawiya.Server.Traffic;

/// <summary>
/// Charges a verified provider's request to its quota: 429 with Retry-After (RFC 6585 §4) when
/// it is spent, in the OAuth error shape at <c>/connect</c>. Called by the OIDC server only once
/// it validated the request or authenticated the client.
/// </summary>
public sealed class ProviderQuotaCharge(ProviderQuotas quotas, TrafficStats stats) : IProviderQuotaCharge
{
    public async ValueTask<bool> TryChargeAsync(HttpContext http, string clientId)
    {
        if (quotas.TryAdmit(clientId, out var retryAfter))
        {
            stats.CountAdmitted(clientId);
            return true;
        }

        stats.CountRejected(clientId);
        await TrafficControlMiddleware.RefuseAsync(http, StatusCodes.Status429TooManyRequests, retryAfter,
            "rate_limited", "This service is over its request quota; retry after the time given.");
        return false;
    }
}
