using System.ComponentModel.DataAnnotations;
using Hawiya.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Oidc.Keys;

/// <summary>A key-encryption key of the Data Protection key ring: an id stored with what it wraps, and 32 bytes (base64).</summary>
public sealed class KeyEncryptionKeySettings
{
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")] public string KeyId { get; set; } = string.Empty;

    [Required] public string Key { get; set; } = string.Empty;
}

/// <summary>How the Data Protection key ring is wrapped at rest in PostgreSQL (section <c>Hawiya:KeyRing</c>).</summary>
public sealed class KeyRingSettings
{
    public const string Section = "Hawiya:KeyRing";

    /// <summary>
    /// AES-256 keys that wrap each key of the ring. The first wraps new keys; the others still
    /// unwrap the keys they wrapped, so a rotation puts the new key first and drops an old one
    /// once the ring keys it wrapped have expired (90 days). Required outside Development.
    /// </summary>
    public List<KeyEncryptionKeySettings> EncryptionKeys { get; set; } = [];
}

/// <summary>SECURITY: outside Development the key ring must be wrapped with configured, real keys.</summary>
internal sealed class KeyRingSettingsValidation(IHostEnvironment environment) : IValidateOptions<KeyRingSettings>
{
    public ValidateOptionsResult Validate(string? name, KeyRingSettings options)
    {
        var failures = new List<string>();
        if (!environment.IsDevelopment() && options.EncryptionKeys.Count == 0)
        {
            failures.Add($"{KeyRingSettings.Section}:EncryptionKeys must hold at least one key outside Development; the key ring is not stored in clear.");
        }

        foreach (var key in options.EncryptionKeys)
        {
            if (!environment.IsDevelopment() && DevelopmentSecrets.IsMarked(key.Key))
            {
                failures.Add($"{KeyRingSettings.Section}:EncryptionKeys '{key.KeyId}' is a development default; set a real key outside Development.");
                continue;
            }

            try
            {
                if (DevelopmentSecrets.ReadKey(key.Key).Length != 32)
                {
                    failures.Add($"{KeyRingSettings.Section}:EncryptionKeys '{key.KeyId}' must be 32 bytes (AES-256).");
                }
            }
            catch (FormatException)
            {
                failures.Add($"{KeyRingSettings.Section}:EncryptionKeys '{key.KeyId}' must be base64.");
            }
        }

        if (options.EncryptionKeys.GroupBy(k => k.KeyId, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            failures.Add($"{KeyRingSettings.Section}:EncryptionKeys names a key id twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
