using Microsoft.Extensions.Options;

namespace Hawiya.Server.Citizens.Receipts;

/// <summary>Outside Development the receipt key lives in the HSM (<c>Hawiya:Hsm</c>), never in configuration.</summary>
public sealed class ReceiptSettingsValidation(IHostEnvironment environment) : IValidateOptions<ReceiptSettings>
{
    public ValidateOptionsResult Validate(string? name, ReceiptSettings options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        // SECURITY: a private key in configuration is a private key outside the token.
        return string.IsNullOrWhiteSpace(options.SigningKey)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Hawiya:Receipts:SigningKey holds a private key in configuration; outside Development the receipt key lives in the HSM (Hawiya:Hsm), remove it.");
    }
}
