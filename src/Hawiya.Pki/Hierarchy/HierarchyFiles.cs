using System.Security.Cryptography;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Hierarchy;

/// <summary>The on-disk layout of a hierarchy: one PEM certificate and one encrypted PEM key per role.</summary>
internal static class HierarchyFiles
{
    /// <summary>Written for operators: the card CA then the root, as <c>openssl verify -CAfile</c> wants it.</summary>
    public const string CardChainFile = "card-chain.pem";

    public static string BaseName(PkiRole role) => role switch
    {
        PkiRole.Root => "root-ca",
        PkiRole.DocumentSigner => "document-signer",
        PkiRole.CardCa => "card-ca",
        PkiRole.OcspSigner => "ocsp-signer",
        PkiRole.ReaderCa => "reader-ca",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static string CertificatePath(string directory, PkiRole role) =>
        Path.Combine(directory, BaseName(role) + ".cert.pem");

    public static string KeyPath(string directory, PkiRole role) =>
        Path.Combine(directory, BaseName(role) + ".key.pem");

    public static bool Exists(string directory) =>
        Enum.GetValues<PkiRole>().Any(role => File.Exists(CertificatePath(directory, role)) || File.Exists(KeyPath(directory, role)));

    public static X509Certificate ReadCertificate(string directory, PkiRole role)
    {
        var path = CertificatePath(directory, role);
        if (!File.Exists(path))
        {
            throw new PkiConfigurationException($"Certificate file '{path}' does not exist.");
        }

        var pem = File.ReadAllText(path);
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not "CERTIFICATE")
        {
            throw new PkiConfigurationException($"'{path}' holds no PEM CERTIFICATE.");
        }

        try
        {
            return new X509Certificate(Convert.FromBase64String(pem[fields.Base64Data]));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            throw new PkiConfigurationException($"'{path}' holds a malformed certificate.", ex);
        }
    }

    /// <summary>
    /// Writes the hierarchy into <paramref name="directory"/>, which must not exist or be empty.
    /// The files are written to a sibling directory that is then renamed, so a reader (another silo
    /// starting at the same time) sees either no hierarchy or a complete one.
    /// </summary>
    public static void Write(string directory, IReadOnlyList<PkiAuthority> authorities, string passphrase)
    {
        var target = Path.GetFullPath(directory);
        if (System.IO.Directory.Exists(target) && System.IO.Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new PkiConfigurationException($"'{target}' is not empty: refusing to overwrite a hierarchy.");
        }

        var parent = Path.GetDirectoryName(target) ?? throw new PkiConfigurationException($"'{target}' has no parent directory.");
        System.IO.Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        System.IO.Directory.CreateDirectory(staging);
        try
        {
            foreach (var authority in authorities)
            {
                File.WriteAllText(CertificatePath(staging, authority.Role), authority.CertificatePem);
                Keys.EncryptedKeyFile.Write(KeyPath(staging, authority.Role), authority.Key, passphrase);
            }

            var cardCa = authorities.Single(a => a.Role == PkiRole.CardCa);
            var root = authorities.Single(a => a.Role == PkiRole.Root);
            File.WriteAllText(Path.Combine(staging, CardChainFile), cardCa.CertificatePem + root.CertificatePem);

            if (System.IO.Directory.Exists(target))
            {
                System.IO.Directory.Delete(target);
            }

            System.IO.Directory.Move(staging, target);
        }
        catch
        {
            if (System.IO.Directory.Exists(staging))
            {
                System.IO.Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }
}
