using System.Globalization;

namespace Hawiya.Hsm;

/// <summary>
/// What a key's <c>CKA_LABEL</c> says about it: <c>{namespace}/{purpose}/{keyId}@{activeFrom}</c>,
/// the instant in UTC as <c>yyyyMMddTHHmmssZ</c>, e.g. <c>hawiya/oidc/es256-20261207-3f9a@20261207T153000Z</c>.
/// The token is the only record of a key: its purpose, its <c>kid</c> and when it may start signing
/// travel with it, so no database row can disagree with the key it describes.
/// </summary>
public sealed record HsmKeyName(string Namespace, string Purpose, string KeyId, DateTimeOffset ActiveFrom)
{
    private const string InstantFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The label prefix of every key of <paramref name="purpose"/> in <paramref name="keyNamespace"/>.</summary>
    public static string Prefix(string keyNamespace, string purpose) => $"{keyNamespace}/{purpose}/";

    public string ToLabel() =>
        Prefix(Namespace, Purpose) + KeyId + "@" + ActiveFrom.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    public static bool TryParse(string label, out HsmKeyName name)
    {
        name = null!;
        var at = label.LastIndexOf('@');
        var parts = at < 0 ? [] : label[..at].Split('/');
        if (parts.Length != 3 || parts.Any(string.IsNullOrEmpty)
            || !DateTimeOffset.TryParseExact(label[(at + 1)..], InstantFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var activeFrom))
        {
            return false;
        }

        name = new HsmKeyName(parts[0], parts[1], parts[2], activeFrom);
        return true;
    }
}
