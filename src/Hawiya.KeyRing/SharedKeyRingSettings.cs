using Microsoft.Extensions.Options;

namespace Hawiya.KeyRing;

/// <summary>A key-encryption key: an id stored with what it wraps, and 32 bytes (base64).</summary>
public sealed class KeyEncryptionKey
{
    public string KeyId { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;
}

/// <summary>
/// Where a web app's Data Protection key ring lives when several instances must read each other's
/// cookies (section <c>KeyRing</c>). Unset, the app keeps a key ring of its own: one instance only.
/// </summary>
public sealed class SharedKeyRingSettings
{
    public const string Section = "KeyRing";

    /// <summary>A PostgreSQL database every instance reaches; the ring's table is created there at start.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// AES-256 keys that wrap each key of the ring before it is stored. The first wraps new keys; the
    /// others still unwrap what they wrapped, so a rotation puts the new key first and drops an old one
    /// once the ring keys it wrapped have expired (90 days). Required with a connection string.
    /// </summary>
    public List<KeyEncryptionKey> EncryptionKeys { get; set; } = [];

    public bool IsShared => !string.IsNullOrWhiteSpace(ConnectionString);
}

/// <summary>SECURITY: a shared ring is never stored in clear; its keys are random 32-byte keys (no development default exists).</summary>
internal sealed class SharedKeyRingSettingsValidation : IValidateOptions<SharedKeyRingSettings>
{
    private const string Prefix = SharedKeyRingSettings.Section + ":";

    public ValidateOptionsResult Validate(string? name, SharedKeyRingSettings options)
    {
        if (!options.IsShared)
        {
            return options.EncryptionKeys.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{Prefix}EncryptionKeys is set without {Prefix}ConnectionString: set both, or neither for a single instance.");
        }

        var failures = new List<string>();
        if (options.EncryptionKeys.Count == 0)
        {
            failures.Add($"{Prefix}EncryptionKeys must hold at least one key with {Prefix}ConnectionString; the key ring is not stored in clear.");
        }

        foreach (var key in options.EncryptionKeys)
        {
            if (!KeyRingKeys.IsValidId(key.KeyId))
            {
                failures.Add($"{Prefix}EncryptionKeys: a key id must be 1 to 64 letters, digits, '.', '_' or '-'.");
            }
            else if (KeyRingKeys.TryRead(key.Key) is null)
            {
                failures.Add($"{Prefix}EncryptionKeys '{key.KeyId}' must be 32 bytes (AES-256) in base64.");
            }
        }

        if (options.EncryptionKeys.GroupBy(k => k.KeyId, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            failures.Add($"{Prefix}EncryptionKeys names a key id twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
