using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Hawiya.Grains.Citizens.Sealing;

/// <summary>The key-encryption keys of contact points (section <c>Hawiya:Secrets:Contacts</c>).</summary>
public sealed class ContactSealOptions
{
    public const string Section = "Hawiya:Secrets:Contacts";

    /// <summary>A marked development key: refused outside Development by the host.</summary>
    public const string DevelopmentKey = "DEV-ONLY-contact-key-never-use-outside-development";

    /// <summary>The id stored with every data key it wraps, so that a rotation knows which key opens it.</summary>
    public string KeyId { get; set; } = "dev-contacts";

    /// <summary>The key-encryption key (base64, 256 bits); the development default is marked and refused outside Development.</summary>
    public string Key { get; set; } = DevelopmentKey;

    /// <summary>Earlier keys by id, kept to open data keys they wrapped; each is wrapped again under <see cref="Key"/> at its citizen's next write.</summary>
    public Dictionary<string, string> RetiredKeys { get; set; } = [];

    /// <summary>A key as configured: base64, or a marked development text stretched with SHA-256.</summary>
    public static byte[] Read(string value) =>
        value.Contains("DEV-ONLY", StringComparison.Ordinal) ? SHA256.HashData(Encoding.UTF8.GetBytes(value)) : Convert.FromBase64String(value);
}

/// <summary>
/// Envelope encryption of contact points at rest. Each citizen has a random 256-bit data key;
/// phone number, address and an address being verified are sealed under it with AES-256-GCM, and
/// the data key is stored wrapped (AES-256-GCM) under the configured key-encryption key, with that
/// key's id. SECURITY: storage, backups and anyone who reads PostgreSQL see ciphertext only; a new
/// key-encryption key re-wraps each data key at the citizen's next write, the contact values stay.
/// </summary>
public sealed class ContactSeal
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] WrapContext = "hawiya.contacts.data-key"u8.ToArray();

    private readonly string _keyId;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public ContactSeal(IOptions<ContactSealOptions> options)
    {
        var settings = options.Value;
        foreach (var (id, key) in settings.RetiredKeys)
        {
            _keys[id] = Checked(ContactSealOptions.Read(key));
        }

        _keyId = settings.KeyId;
        _keys[_keyId] = Checked(ContactSealOptions.Read(settings.Key));
    }

    /// <summary>The id of the key that wraps new data keys.</summary>
    public string KeyId => _keyId;

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(32);

    public byte[] Wrap(byte[] dataKey) => Seal(_keys[_keyId], dataKey, Context(WrapContext, _keyId));

    public byte[] Unwrap(string keyId, byte[] wrapped) =>
        _keys.TryGetValue(keyId, out var key)
            ? Open(key, wrapped, Context(WrapContext, keyId))
            : throw new CryptographicException($"No contact key-encryption key has the id '{keyId}' (see {ContactSealOptions.Section}:RetiredKeys).");

    /// <summary>Seals one value; <paramref name="field"/> is bound as associated data, so a value cannot be moved to another field.</summary>
    public static byte[] SealValue(byte[] dataKey, string field, string value) =>
        Seal(dataKey, Encoding.UTF8.GetBytes(value), Encoding.UTF8.GetBytes(field));

    public static string OpenValue(byte[] dataKey, string field, byte[] sealedValue) =>
        Encoding.UTF8.GetString(Open(dataKey, sealedValue, Encoding.UTF8.GetBytes(field)));

    private static byte[] Seal(byte[] key, byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = output.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceBytes, plaintext.Length), output.AsSpan(NonceBytes + plaintext.Length), associatedData);
        return output;
    }

    private static byte[] Open(byte[] key, byte[] sealedValue, byte[] associatedData)
    {
        if (sealedValue.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("A sealed contact value is too short.");
        }

        var plaintext = new byte[sealedValue.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedValue.AsSpan(0, NonceBytes), sealedValue.AsSpan(NonceBytes, plaintext.Length), sealedValue.AsSpan(NonceBytes + plaintext.Length), plaintext, associatedData);
        return plaintext;
    }

    private static byte[] Context(byte[] label, string keyId) => [.. label, .. Encoding.UTF8.GetBytes(keyId)];

    private static byte[] Checked(byte[] key) =>
        key.Length == 32 ? key : throw new CryptographicException($"A contact key-encryption key must be 32 bytes ({ContactSealOptions.Section}).");
}
