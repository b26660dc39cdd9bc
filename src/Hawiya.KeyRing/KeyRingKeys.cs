using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Hawiya.KeyRing;

/// <summary>The configured key-encryption keys (<see cref="SharedKeyRingSettings.EncryptionKeys"/>): the first wraps, any unwraps what it wrapped.</summary>
internal sealed partial class KeyRingKeys(IOptions<SharedKeyRingSettings> settings)
{
    private readonly (string Id, byte[] Key)[] _keys =
        [.. settings.Value.EncryptionKeys.Select(k => (k.KeyId, TryRead(k.Key) ?? throw new InvalidOperationException($"Key ring key '{k.KeyId}' is not 32 bytes of base64.")))];

    /// <summary>The key that wraps new ring keys.</summary>
    public (string Id, byte[] Key) Current => _keys.Length > 0
        ? _keys[0]
        : throw new InvalidOperationException($"{SharedKeyRingSettings.Section}:EncryptionKeys is not set; the key ring is never stored in clear.");

    public byte[]? Find(string id) => _keys.FirstOrDefault(k => k.Id == id).Key;

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    public static byte[]? TryRead(string base64)
    {
        var bytes = new byte[32];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var written) && written == 32 ? bytes : null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdPattern();
}
