using Hawiya.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Citizens.Receipts;

/// <summary>Outside Development the receipt key comes from configuration, and is not a development default.</summary>
public sealed class ReceiptSettingsValidation(IHostEnvironment environment) : IValidateOptions<ReceiptSettings>
{
    public ValidateOptionsResult Validate(string? name, ReceiptSettings options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return ValidateOptionsResult.Fail("Hawiya:Receipts:SigningKey is not set; generated receipt keys are for Development only.");
        }

        return DevelopmentSecrets.IsMarked(options.SigningKey)
            ? ValidateOptionsResult.Fail("Hawiya:Receipts:SigningKey is a development default; set a real key outside Development.")
            : ValidateOptionsResult.Success;
    }
}
