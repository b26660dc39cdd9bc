using Hawiya.Server.Hosting;
using Hawiya.Hsm;
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

        var failures = new List<string>();
        // SECURITY: without a configured issuer, tokens would name (and validation would accept)
        // whatever Host header a request carried (OIDC Discovery §4.3: the issuer is one fixed URL).
        if (options.Issuer is not { IsAbsoluteUri: true } issuer)
        {
            failures.Add($"{OidcSettings.Section}:Issuer must be set to the platform's absolute https URL outside Development.");
        }

        // OIDC Discovery §3: the issuer is an https URL with no query or fragment.
        else if (issuer.Scheme != Uri.UriSchemeHttps || issuer.Query.Length > 0 || issuer.Fragment.Length > 0)
        {
            failures.Add($"{OidcSettings.Section}:Issuer must be an https URL without query or fragment outside Development.");
        }

        // SECURITY: outside Development no private signing key exists outside the HSM (Hawiya:Hsm,
        // checked by HsmSettingsValidation): keys in configuration, or generated into the database,
        // are for Development only (OidcKeyRing refuses them too, when it loads).
        if (options.SigningKeys.Count > 0)
        {
            failures.Add($"{OidcSettings.Section}:SigningKeys holds private keys in configuration; outside Development the signing keys live in the HSM ({HsmSettings.Section}), remove them.");
        }

        if (string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            failures.Add($"{OidcSettings.Section}:EncryptionKey is not set; generated keys are for Development only.");
        }
        else if (DevelopmentSecrets.IsMarked(options.EncryptionKey))
        {
            failures.Add($"{OidcSettings.Section}:EncryptionKey is a development default; set a real key outside Development.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
