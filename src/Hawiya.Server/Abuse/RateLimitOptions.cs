using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Hawiya.Server.Abuse;

/// <summary>Requests per client IP in a fixed window, on one silo.</summary>
public sealed class RequestLimit
{
    [Range(1, int.MaxValue)] public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Per-IP request limits (section <c>Hawiya:RateLimits</c>) on the login pages (posts to
/// <c>/connect/authorize</c>), the token endpoint and the other provider endpoints, and the proxies whose
/// <c>X-Forwarded-For</c> is believed.
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string Section = "Hawiya:RateLimits";

    /// <summary>Login page posts per IP; a login is about five, and mobile networks share addresses.</summary>
    [Required] public RequestLimit Login { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Token requests per IP; a provider's back end sends all of its own from few addresses.</summary>
    [Required] public RequestLimit Token { get; set; } = new() { PermitLimit = 6_000 };

    /// <summary>
    /// Every other request to the provider endpoints (<c>/connect/*</c>, <c>/unicity/*</c>) per
    /// IP, authorization GETs included: these name a provider that is not yet verified, so they
    /// are limited by address before any provider's quota is charged.
    /// </summary>
    [Required] public RequestLimit Unverified { get; set; } = new() { PermitLimit = 3_000 };

    /// <summary>Requests per IP to the citizen's own APIs (<c>/citizen/api/*</c>, <c>/app/*</c>).</summary>
    [Required] public RequestLimit CitizenApis { get; set; } = new() { PermitLimit = 600 };

    /// <summary>
    /// Addresses of reverse proxies (load balancers) allowed to name the client in
    /// <c>X-Forwarded-For</c>. SECURITY: from anyone else the header is ignored, or a client
    /// could pick a fresh partition for each request.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> TrustedNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, limit) in new[] { ("Login", Login), ("Token", Token), ("Unverified", Unverified), ("CitizenApis", CitizenApis) })
        {
            if (limit.PermitLimit < 1 || limit.Window <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{Section}:{name} needs a PermitLimit of 1 or more and a positive Window.");
            }
        }

        foreach (var proxy in TrustedProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"{Section}:TrustedProxies: '{proxy}' is not an IP address.");
        }

        foreach (var network in TrustedNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"{Section}:TrustedNetworks: '{network}' is not a CIDR network.");
        }
    }
}
