using Microsoft.Extensions.Options;

namespace Hawiya.Server.Oidc;

/// <summary>What the OpenID Provider's settings must hold outside Development.</summary>
internal sealed class OidcSettingsValidation(IHostEnvironment environment) : IValidateOptions<OidcSettings>
{
    public ValidateOptionsResult Validate(string? name, OidcSettings options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        // SECURITY: without a configured issuer, tokens would name (and validation would accept)
        // whatever Host header a request carried (OIDC Discovery §4.3: the issuer is one fixed URL).
        if (options.Issuer is not { IsAbsoluteUri: true } issuer)
        {
            return ValidateOptionsResult.Fail($"{OidcSettings.Section}:Issuer must be set to the platform's absolute https URL outside Development.");
        }

        // OIDC Discovery §3: the issuer is an https URL with no query or fragment.
        return issuer.Scheme != Uri.UriSchemeHttps || issuer.Query.Length > 0 || issuer.Fragment.Length > 0
            ? ValidateOptionsResult.Fail($"{OidcSettings.Section}:Issuer must be an https URL without query or fragment outside Development.")
            : ValidateOptionsResult.Success;
    }
}
