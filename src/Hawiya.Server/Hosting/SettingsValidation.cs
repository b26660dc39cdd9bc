using Hawiya.Grains.Citizens.Sealing;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Hosting;

/// <summary>Refuses development defaults outside Development, and malformed keys anywhere.</summary>
internal sealed class SecretSettingsValidation(IHostEnvironment environment) : IValidateOptions<SecretSettings>
{
    public ValidateOptionsResult Validate(string? name, SecretSettings options)
    {
        var failures = new List<string>();
        if (!environment.IsDevelopment())
        {
            if (DevelopmentSecrets.IsMarked(options.PseudonymKey))
            {
                failures.Add($"{SecretSettings.Section}:PseudonymKey is a development default; set a real key outside Development.");
            }

            if (DevelopmentSecrets.IsMarked(options.OperatorToken))
            {
                failures.Add($"{SecretSettings.Section}:OperatorToken is a development default; set a real token outside Development.");
            }

            if (DevelopmentSecrets.IsMarked(options.IdentitySealKey))
            {
                failures.Add($"{SecretSettings.Section}:IdentitySealKey is a development default; set a real key outside Development.");
            }
        }

        CheckKey(options.PseudonymKey, "PseudonymKey", failures);
        CheckKey(options.IdentitySealKey, "IdentitySealKey", failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckKey(string value, string name, List<string> failures)
    {
        // An empty key is already reported by [Required].
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        try
        {
            if (DevelopmentSecrets.ReadKey(value).Length < 32)
            {
                failures.Add($"{SecretSettings.Section}:{name} must be at least 32 bytes.");
            }
        }
        catch (FormatException)
        {
            failures.Add($"{SecretSettings.Section}:{name} must be base64.");
        }
    }
}

internal sealed class DatabaseSettingsValidation(IHostEnvironment environment) : IValidateOptions<DatabaseSettings>
{
    public ValidateOptionsResult Validate(string? name, DatabaseSettings options) =>
        !environment.IsDevelopment() && DevelopmentSecrets.IsMarked(options.ConnectionString)
            ? ValidateOptionsResult.Fail($"{DatabaseSettings.Section}:ConnectionString holds a development password; set a real one outside Development.")
            : ValidateOptionsResult.Success;
}

/// <summary>
/// The key-encryption key of contact points: a real 256-bit key outside Development (the
/// development default is marked), and every key well formed anywhere.
/// </summary>
internal sealed class ContactSealSettingsValidation(IHostEnvironment environment) : IValidateOptions<ContactSealOptions>
{
    public ValidateOptionsResult Validate(string? name, ContactSealOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.KeyId))
        {
            failures.Add($"{ContactSealOptions.Section}:KeyId must name the key (it is stored with every data key it wraps).");
        }

        Check("Key", options.Key);
        foreach (var (id, key) in options.RetiredKeys)
        {
            Check($"RetiredKeys:{id}", key);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(string setting, string value)
        {
            if (!environment.IsDevelopment() && DevelopmentSecrets.IsMarked(value))
            {
                failures.Add($"{ContactSealOptions.Section}:{setting} is a development default; set a real key outside Development.");
                return;
            }

            try
            {
                if (ContactSealOptions.Read(value).Length != 32)
                {
                    failures.Add($"{ContactSealOptions.Section}:{setting} must be 32 bytes (AES-256).");
                }
            }
            catch (FormatException)
            {
                failures.Add($"{ContactSealOptions.Section}:{setting} must be base64.");
            }
        }
    }
}
