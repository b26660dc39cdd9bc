using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Hawiya.Contracts.Common;

/// <summary>
/// Derives grain keys from national numbers and card numbers with a keyed hash,
/// so that logs, storage rows and grain identities carry pseudonyms only.
/// </summary>
/// <remarks>
/// SECURITY: HMAC-SHA256 with a platform secret, not a plain hash: national numbers
/// have little entropy and a plain hash would be reversed by enumeration.
/// The output is truncated to 160 bits, which keeps collisions negligible
/// (birthday bound 2^80) for any national population.
/// </remarks>
public sealed class PseudonymKeys
{
    private const int KeyBytes = 20;
    private readonly byte[] _key;

    public PseudonymKeys(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("The pseudonym key must be at least 256 bits.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>The grain key of the citizen holding this national number.</summary>
    public string Citizen(string nationalNumber) => Derive("citizen", NationalNumbers.Normalize(nationalNumber));

    /// <summary>The grain key of the card with this card number.</summary>
    public string Card(string cardNumber) => Derive("card", NationalNumbers.Normalize(cardNumber));

    /// <summary>The key of a sending budget over something personal (phone number, prefix, address, IP).</summary>
    public string Budget(string scope, string value) => Derive("budget-" + scope, value);

    private string Derive(string purpose, string value)
    {
        Span<byte> mac = stackalloc byte[32];
        var input = Encoding.UTF8.GetBytes(purpose + ":" + value);
        HMACSHA256.HashData(_key, input, mac);
        return purpose[0] + "-" + Base64Url.EncodeToString(mac[..KeyBytes]);
    }
}
