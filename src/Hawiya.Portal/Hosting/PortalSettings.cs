using System.Net;
using Microsoft.Extensions.Options;

namespace Hawiya.Portal.Hosting;

/// <summary>How the portal reaches Hawiya, as a client of its OpenID Provider and its citizen API (section <c>Portal</c>).</summary>
public sealed class PortalSettings
{
    public const string Section = "Portal";
    public const string DevelopmentMarker = "DEV-ONLY";

    /// <summary>Hawiya's issuer; the citizen API is served by the same host under <c>/citizen/api</c>.</summary>
    public string Authority { get; set; } = "http://127.0.0.1:5080";

    public string ClientId { get; set; } = "citizen-portal";

    /// <summary>client_secret_post (RFC 6749 §2.3.1), as registered for this client.</summary>
    public string ClientSecret { get; set; } = "DEV-ONLY-citizen-portal-secret";

    /// <summary>The level asked for to view the portal.</summary>
    public string ViewAcrValues { get; set; } = "eidas1";

    /// <summary>The level asked for before changing methods, status, cards or alerts, unless the API names another.</summary>
    public string StepUpAcrValues { get; set; } = "eidas2";

    public Uri AuthorityUri => new(Authority.TrimEnd('/') + "/", UriKind.Absolute);

    public static bool IsLoopbackHttp(Uri authority) =>
        authority.Scheme == Uri.UriSchemeHttp
        && (authority.IsLoopback || (IPAddress.TryParse(authority.Host, out var address) && IPAddress.IsLoopback(address)));
}

internal sealed class PortalSettingsValidation(IHostEnvironment environment) : IValidateOptions<PortalSettings>
{
    private const string Prefix = PortalSettings.Section + ":";

    public ValidateOptionsResult Validate(string? name, PortalSettings options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority)
            || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Prefix}Authority must be an absolute http(s) URL.");
        }
        else if (authority.Scheme != Uri.UriSchemeHttps && !(environment.IsDevelopment() && PortalSettings.IsLoopbackHttp(authority)))
        {
            // SECURITY: discovery, keys and the citizen's access token would travel in clear.
            failures.Add($"{Prefix}Authority must use https; plain http is accepted only for a loopback provider in Development.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Prefix}ClientId is required.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{Prefix}ClientSecret is required.");
        }
        else if (!environment.IsDevelopment() && options.ClientSecret.Contains(PortalSettings.DevelopmentMarker, StringComparison.Ordinal))
        {
            // SECURITY: the development secret is public (repository and seed data).
            failures.Add($"{Prefix}ClientSecret is the development default; set Portal__ClientSecret outside Development.");
        }

        if (options.ViewAcrValues is not ("eidas1" or "eidas2" or "eidas3") || options.StepUpAcrValues is not ("eidas2" or "eidas3"))
        {
            failures.Add($"{Prefix}ViewAcrValues must be eidas1, eidas2 or eidas3, and StepUpAcrValues eidas2 or eidas3.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
