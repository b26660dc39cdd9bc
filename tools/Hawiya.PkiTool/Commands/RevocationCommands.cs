using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Crl;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Identity;
using Hawiya.Pki.Revocation;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Hawiya.PkiTool.Commands;

/// <summary>crl and verify-card: operator helpers around revocation and card checks.</summary>
internal static class RevocationCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static int Crl(CommandLine command, TextWriter output)
    {
        var directory = command.Required("dir");
        var outputPath = command.Required("out");
        var number = ParseNumber(command.Required("number"), "number");
        var baseText = command.Optional("delta-base");
        var revokedPath = command.Optional("revoked");
        var issuerName = command.Optional("issuer") ?? "card-ca";
        var deltaUrl = command.Optional("delta-url");
        var passphrase = Passphrase.Resolve(command);
        command.EnsureAllRead();

        var entries = revokedPath is null ? [] : ReadRevoked(revokedPath);
        using var hierarchy = HierarchyCommands.Load(directory, passphrase);
        var issuer = issuerName switch
        {
            "card-ca" => hierarchy.CardCa,
            "reader-ca" => hierarchy.ReaderCa,
            "root" => hierarchy.Root,
            _ => throw new UsageException("--issuer must be card-ca, reader-ca or root."),
        };
        var builder = new CrlBuilder(issuer, TimeProvider.System, new CrlBuilderOptions { DeltaCrlUrl = deltaUrl });
        byte[] crl;
        try
        {
            crl = baseText is null
                ? builder.BuildFull(entries, number)
                : builder.BuildDelta(entries, number, ParseNumber(baseText, "delta-base"));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        SecretFile.WritePublic(outputPath, crl);
        output.WriteLine($"Wrote {(baseText is null ? "full" : "delta")} CRL number {number} of the {issuerName} with {entries.Count} entries to {outputPath} (DER).");
        return 0;
    }

    public static int VerifyCard(CommandLine command, TextWriter output)
    {
        var directory = command.Required("dir");
        var cardPath = command.Required("card");
        command.EnsureAllRead();

        // Verification needs certificates only: no passphrase, no private key is read.
        var root = ReadCertificate(Path.Combine(directory, "root-ca.cert.pem"));
        var cardCa = ReadCertificate(Path.Combine(directory, "card-ca.cert.pem"));
        if (!File.Exists(cardPath))
        {
            throw new UsageException($"Card file '{cardPath}' does not exist.");
        }

        CardFile card;
        try
        {
            card = CardFile.FromJson(File.ReadAllText(cardPath));
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }

        var certificate = new X509Certificate(card.Certificate);
        new CertificateChainValidator(root, TimeProvider.System).Validate(certificate, [cardCa], KeyPurposeID.id_kp_clientAuth);
        var identity = new IdentityDocumentVerifier(root, TimeProvider.System).Verify(card.Identity);
        var spki = certificate.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded();
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportPkcs8PrivateKey(card.PrivateKey, out _);
        var checks = new (string Name, bool Passed)[]
        {
            ("identity bound to the card key", identity.MatchesCardKey(spki)),
            ("private key matches the certificate", key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki)),
            ("card number consistent", identity.CardNumber == card.CardNumber && identity.NationalNumber == card.NationalNumber),
            ("photo matches its digest", card.Photo is null || identity.MatchesPhoto(card.Photo)),
        };
        output.WriteLine($"Card {card.CardNumber}: certificate chains to the root; identity signature valid (valid until {identity.ValidUntil:yyyy-MM-dd}).");
        foreach (var (name, passed) in checks)
        {
            output.WriteLine($"  {(passed ? "ok  " : "FAIL")} {name}");
        }

        return checks.All(check => check.Passed) ? 0 : 1;
    }

    private static List<RevokedCertificate> ReadRevoked(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"Revocation file '{path}' does not exist.");
        }

        try
        {
            var entries = JsonSerializer.Deserialize<RevokedInput[]>(File.ReadAllText(path), Json) ?? [];
            return entries.Select(entry => new RevokedCertificate(
                ParseNumber(entry.Serial ?? throw new UsageException("revoked: serial is required."), "serial", hex: true),
                entry.RevocationDate ?? throw new UsageException("revoked: revocationDate is required."),
                entry.Reason ?? RevocationReason.Unspecified)).ToList();
        }
        catch (JsonException ex)
        {
            throw new UsageException($"'{path}' is not a valid revocation list: {ex.Message}");
        }
    }

    private static BigInteger ParseNumber(string text, string name, bool hex = false)
    {
        var parsed = hex
            ? BigInteger.TryParse("0" + text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            : BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return parsed && value >= 0 ? value : throw new UsageException($"{name} '{text}' is not a non-negative {(hex ? "hexadecimal" : "decimal")} number.");
    }

    private static X509Certificate ReadCertificate(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"Certificate file '{path}' does not exist.");
        }

        var pem = File.ReadAllText(path);
        var fields = System.Security.Cryptography.PemEncoding.Find(pem);
        return new X509Certificate(Convert.FromBase64String(pem[fields.Base64Data]));
    }

    private sealed record RevokedInput(string? Serial, DateTimeOffset? RevocationDate, RevocationReason? Reason);
}
