using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hawiya.Pki.Cards;

/// <summary>
/// The personalisation output loaded by the virtual smart card: everything a chip would hold.
/// Serialized with System.Text.Json in camelCase; byte arrays are base64.
/// </summary>
/// <param name="Identity">Signed identity data (CMS, see <see cref="Identity.IdentityDocumentSigner"/>), stored in an elementary file.</param>
/// <param name="Certificate">DER card authentication certificate (ECDSA P-256, issued by the card CA).</param>
/// <param name="PrivateKey">DER PKCS#8 of the card key, unencrypted: the virtual card is its only holder.</param>
/// <param name="Pin">4 to 8 digits.</param>
/// <param name="Puk">8 digits.</param>
/// <param name="Fingerprint">Opaque template matched on card.</param>
/// <param name="Photo">Photo bytes whose SHA-256 is in the identity data; optional for card readers.</param>
public sealed record CardFile(
    string CardNumber,
    string NationalNumber,
    byte[] Identity,
    byte[] Certificate,
    byte[] PrivateKey,
    string Pin,
    string Puk,
    byte[] Fingerprint,
    byte[]? Photo)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <exception cref="FormatException">The JSON is not a complete, well-formed card file.</exception>
    public static CardFile FromJson(string json)
    {
        CardFile? card;
        try
        {
            card = JsonSerializer.Deserialize<CardFile>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not a card file: {ex.Message}", ex);
        }

        if (card is null)
        {
            throw new FormatException("Not a card file: the JSON is null.");
        }

        card.Validate();
        return card;
    }

    /// <exception cref="FormatException">A field is missing or out of its allowed form.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrEmpty(CardNumber), "cardNumber is required.");
        Require(!string.IsNullOrEmpty(NationalNumber), "nationalNumber is required.");
        Require(Identity is { Length: > 0 }, "identity is required.");
        Require(Certificate is { Length: > 0 }, "certificate is required.");
        Require(PrivateKey is { Length: > 0 }, "privateKey is required.");
        Require(Fingerprint is { Length: > 0 }, "fingerprint is required.");
        Require(IsDigits(Pin, 4, 8), "pin must be 4 to 8 digits.");
        Require(IsDigits(Puk, 8, 8), "puk must be 8 digits.");
    }

    internal static bool IsDigits(string? value, int min, int max) =>
        value is not null && value.Length >= min && value.Length <= max && value.All(char.IsAsciiDigit);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException($"Invalid card file: {message}");
        }
    }
}
