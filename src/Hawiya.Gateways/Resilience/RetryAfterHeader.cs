using System.Net.Http.Headers;

namespace Hawiya.Gateways.Resilience;

/// <summary>Reads the Retry-After header (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date.</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Read(HttpResponseMessage? response, TimeProvider time) =>
        response is null ? null : Read(response.Headers.RetryAfter, time);

    public static TimeSpan? Read(RetryConditionHeaderValue? value, TimeProvider time)
    {
        if (value?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (value?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
