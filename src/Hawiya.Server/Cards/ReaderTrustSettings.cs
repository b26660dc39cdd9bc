using System.ComponentModel.DataAnnotations;

namespace Hawiya.Server.Cards;

/// <summary>
/// Reader credentials withdrawn before they expire (section <c>Hawiya:Readers</c>): a stolen or
/// retired counter reader. Read at each connection, so a change applies without a restart.
/// </summary>
public sealed class ReaderTrustSettings : IValidatableObject
{
    public const string Section = "Hawiya:Readers";

    /// <summary>Serial numbers (hexadecimal, RFC 5280 §4.1.2.2) of reader credentials the reader CA issued and that are no longer trusted.</summary>
    public List<string> RevokedSerials { get; set; } = [];

    /// <summary>
    /// The reader CA's full CRL (DER), as <c>hawiya-pki crl --issuer reader-ca</c> writes it; read
    /// again when the file changes. A credential it lists is refused.
    /// </summary>
    public string? CrlFile { get; set; }

    /// <summary>A serial as compared: hexadecimal digits, upper case, no separators, no leading zeros.</summary>
    public static string Normalize(string serial) =>
        new string([.. serial.Where(c => c is not (':' or ' ' or '-')).Select(char.ToUpperInvariant)]).TrimStart('0');

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var serial in RevokedSerials.Where(s => Normalize(s) is not { Length: > 0 } n || !n.All(Uri.IsHexDigit)))
        {
            yield return new ValidationResult($"{Section}:RevokedSerials: '{serial}' is not a hexadecimal serial number.");
        }

        if (CrlFile is { Length: > 0 } crl && !File.Exists(crl))
        {
            yield return new ValidationResult($"{Section}:CrlFile: '{crl}' does not exist.");
        }
    }
}
