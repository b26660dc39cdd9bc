using Hawiya.Hsm;
using Hawiya.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Keys;

/// <summary>
/// SECURITY: outside Development every private key the platform signs with lives in the HSM, so a
/// production start needs the token named and its PIN from the secret store (never the
/// development default the scripts initialise SoftHSM2 with).
/// </summary>
internal sealed class HsmSettingsValidation(IHostEnvironment environment) : IValidateOptions<HsmSettings>
{
    public ValidateOptionsResult Validate(string? name, HsmSettings options)
    {
        var failures = new List<string>();
        if (options.IsConfigured && (string.IsNullOrWhiteSpace(options.TokenLabel) || string.IsNullOrEmpty(options.Pin)))
        {
            failures.Add($"{HsmSettings.Section}:TokenLabel and {HsmSettings.Section}:Pin must be set with {HsmSettings.Section}:ModulePath.");
        }

        if (environment.IsDevelopment())
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!options.IsConfigured)
        {
            failures.Add($"{HsmSettings.Section}:ModulePath is not set; outside Development the platform's private keys live in an HSM (PKCS#11 module, {HsmSettings.Section}:TokenLabel, {HsmSettings.Section}:Pin).");
        }
        else if (DevelopmentSecrets.IsMarked(options.Pin))
        {
            failures.Add($"{HsmSettings.Section}:Pin is a development default; set the token's PIN from the secret store outside Development.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
