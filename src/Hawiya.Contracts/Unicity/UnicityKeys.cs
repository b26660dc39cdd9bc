using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Hawiya.Contracts.Unicity;

/// <summary>
/// Keys and pseudonyms of unicity, all derived with HMAC-SHA256 under the platform's unicity
/// secret from the provider, the context and the citizen's pseudonymous key.
/// </summary>
/// <remarks>
/// SECURITY: the pseudonym a provider sees depends on the context (and the provider owning it),
/// so the same citizen gets unrelated values in two polls, and neither relates to the pairwise
/// <c>sub</c> (derived from the citizen's own secret and the sector) nor to any grain key; without
/// the secret nothing links them, and with it only the platform can. The participation grain key
/// uses its own derivation label, so knowing a pseudonym does not give a grain key either.
/// </remarks>
public sealed class UnicityKeys
{
    private const int OutputBytes = 20;
    private readonly byte[] _key;

    /// <summary>One keyed HMAC per thread: the key is set up once, not for every vote's two MACs.</summary>
    private readonly ThreadLocal<IncrementalHash> _hmac;

    public UnicityKeys(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("The unicity key must be at least 256 bits.", nameof(key));
        }

        _key = key.ToArray();
        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key));
    }

    /// <summary>1 to 64 of A-Z a-z 0-9 - . _ : the identifier a provider gives its poll.</summary>
    public static bool IsValidContextId(string? contextId) =>
        contextId is { Length: >= 1 and <= 64 }
        && contextId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    public const string ContextIdRule = "1 to 64 of A-Z a-z 0-9 - . _";

    /// <summary>The context grain's key; the <c>x-</c> prefix keeps it clear of Orleans' hex-key folding.</summary>
    public static string Context(string clientId, string contextId) => "x-" + clientId + ":" + contextId;

    /// <summary>What the provider receives: stable within the context, unrelated across contexts.</summary>
    public string Pseudonym(string clientId, string contextId, string citizenKey) =>
        Base64Url.EncodeToString(Mac("pseudonym", clientId, contextId, citizenKey));

    /// <summary>The participation grain's key for this citizen in this context.</summary>
    public string Participation(string clientId, string contextId, string citizenKey) =>
        "u-" + Base64Url.EncodeToString(Mac("participation", clientId, contextId, citizenKey));

    private byte[] Mac(string purpose, string clientId, string contextId, string citizenKey)
    {
        // Length-prefixed fields: no two different tuples give the same input.
        var input = new StringBuilder(purpose);
        foreach (var field in new[] { clientId, contextId, citizenKey })
        {
            input.Append('|').Append(field.Length).Append(':').Append(field);
        }

        var hmac = _hmac.Value!;
        hmac.AppendData(Encoding.UTF8.GetBytes(input.ToString()));
        return hmac.GetHashAndReset()[..OutputBytes];
    }
}
