using System.Security.Cryptography;
using Hawiya.Pki.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Hierarchy;

/// <summary>
/// The Hawiya hierarchy: root → document signer, card CA (→ OCSP signer), reader CA.
/// </summary>
/// <remarks>
/// The OCSP signer is issued by the card CA, not by the root: RFC 6960 §4.2.2.2 lets a delegated
/// responder answer only for the CA that issued its certificate, and what it answers for is cards.
/// </remarks>
public sealed class PkiHierarchy : IDisposable
{
    private readonly PkiAuthority[] _authorities;

    private PkiHierarchy(PkiAuthority[] authorities)
    {
        _authorities = authorities;
        Root = Find(PkiRole.Root);
        DocumentSigner = Find(PkiRole.DocumentSigner);
        CardCa = Find(PkiRole.CardCa);
        OcspSigner = Find(PkiRole.OcspSigner);
        ReaderCa = Find(PkiRole.ReaderCa);
        ValidateStructure();
    }

    public PkiAuthority Root { get; }

    public PkiAuthority DocumentSigner { get; }

    public PkiAuthority CardCa { get; }

    public PkiAuthority OcspSigner { get; }

    public PkiAuthority ReaderCa { get; }

    public IReadOnlyList<PkiAuthority> Authorities => _authorities;

    /// <summary>True for a hierarchy made by <see cref="DevelopmentPkiProvisioner"/> or with <see cref="PkiHierarchyOptions.Development"/>.</summary>
    public bool IsDevelopment => CertificateChecks.HasPolicy(Root.Certificate, HawiyaOids.DevelopmentHierarchyPolicy);

    /// <summary>The card CA then the root, PEM: the chain a relying party needs to verify a card certificate.</summary>
    public string CardChainPem => CardCa.CertificatePem + Root.CertificatePem;

    /// <summary>True when <paramref name="directory"/> holds (part of) a hierarchy.</summary>
    public static bool ExistsIn(string directory) => System.IO.Directory.Exists(directory) && HierarchyFiles.Exists(directory);

    /// <summary>Generates a new hierarchy in memory; <see cref="Save"/> writes it.</summary>
    public static PkiHierarchy Create(PkiHierarchyOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();

        var notBefore = time.GetUtcNow() - options.Backdate;
        var suffix = options.Development ? " (development)" : string.Empty;
        X509Name Name(string commonName) => new(
            [X509Name.C, X509Name.O, X509Name.CN],
            [options.CountryCode, options.OrganizationName + suffix, commonName + suffix]);

        var created = new List<PkiAuthority>();
        try
        {
            var rootKey = KeyConversions.NewP384();
            var rootCertificate = CertificateIssuance.IssueSelfSigned(
                new CertificateProfile(
                    Name("Country Signing CA"), notBefore, notBefore + options.RootValidity,
                    IsCa: true, KeyUsage.KeyCertSign | KeyUsage.CrlSign, PathLength: 1,
                    Policies: options.Development ? [HawiyaOids.DevelopmentHierarchyPolicy] : null),
                rootKey);
            var root = Track(new PkiAuthority(PkiRole.Root, rootCertificate, rootKey));

            Track(Issue(PkiRole.DocumentSigner, root, new CertificateProfile(
                Name("Document Signer"), notBefore, notBefore + options.DocumentSignerValidity,
                IsCa: false, KeyUsage.DigitalSignature, ExtendedKeyUsages: [HawiyaOids.DocumentSigning])));

            // pathLen 0 (RFC 5280 §4.2.1.9): the card CA and the reader CA issue end entities only.
            var cardCa = Track(Issue(PkiRole.CardCa, root, new CertificateProfile(
                Name("Card CA"), notBefore, notBefore + options.CardCaValidity,
                IsCa: true, KeyUsage.KeyCertSign | KeyUsage.CrlSign, PathLength: 0)));

            Track(Issue(PkiRole.OcspSigner, cardCa, new CertificateProfile(
                Name("Card OCSP Signer"), notBefore, notBefore + options.OcspSignerValidity,
                IsCa: false, KeyUsage.DigitalSignature,
                ExtendedKeyUsages: [KeyPurposeID.id_kp_OCSPSigning], OcspNoCheck: true)));

            Track(Issue(PkiRole.ReaderCa, root, new CertificateProfile(
                Name("Reader CA"), notBefore, notBefore + options.ReaderCaValidity,
                IsCa: true, KeyUsage.KeyCertSign | KeyUsage.CrlSign, PathLength: 0)));

            return new PkiHierarchy([.. created]);
        }
        catch
        {
            created.ForEach(authority => authority.Dispose());
            throw;
        }

        PkiAuthority Track(PkiAuthority authority)
        {
            created.Add(authority);
            return authority;
        }
    }

    /// <summary>Loads the hierarchy named by configuration.</summary>
    /// <exception cref="PkiConfigurationException">Anything missing or inconsistent, or a development hierarchy in production.</exception>
    public static PkiHierarchy Load(PkiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Load(options.Directory, options.ResolvePassphrase(), options.Production);
    }

    /// <summary>Loads and checks a hierarchy: every key matches its certificate and every certificate its issuer.</summary>
    public static PkiHierarchy Load(string directory, string passphrase, bool production)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new PkiConfigurationException($"PKI directory '{directory}' does not exist.");
        }

        var loaded = new List<PkiAuthority>();
        try
        {
            foreach (var role in Enum.GetValues<PkiRole>())
            {
                var certificate = HierarchyFiles.ReadCertificate(directory, role);
                var key = EncryptedKeyFile.Read(HierarchyFiles.KeyPath(directory, role), passphrase);
                try
                {
                    loaded.Add(new PkiAuthority(role, certificate, key));
                }
                catch
                {
                    key.Dispose();
                    throw;
                }
            }

            var hierarchy = new PkiHierarchy([.. loaded]);
            // SECURITY: development keys were generated on a developer machine and their passphrase
            // sits in a development configuration file; production must never trust them.
            if (production && hierarchy.IsDevelopment)
            {
                throw new PkiConfigurationException(
                    $"'{directory}' holds a development hierarchy, which production refuses. " +
                    "Create a production hierarchy with 'hawiya-pki init'.");
            }

            return hierarchy;
        }
        catch
        {
            loaded.ForEach(authority => authority.Dispose());
            throw;
        }
    }

    /// <summary>Writes certificates and encrypted keys to <paramref name="directory"/> (which must be absent or empty).</summary>
    public void Save(string directory, string passphrase)
    {
        EncryptedKeyFile.EnsureStrongPassphrase(passphrase);
        HierarchyFiles.Write(directory, _authorities, passphrase);
    }

    public PkiAuthority this[PkiRole role] => Find(role);

    public void Dispose()
    {
        foreach (var authority in _authorities)
        {
            authority.Dispose();
        }
    }

    private static PkiAuthority Issue(PkiRole role, PkiAuthority issuer, CertificateProfile profile)
    {
        var key = KeyConversions.NewP256();
        try
        {
            var certificate = CertificateIssuance.Issue(profile, KeyConversions.SubjectPublicKeyInfo(key), issuer);
            return new PkiAuthority(role, certificate, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private PkiAuthority Find(PkiRole role) =>
        _authorities.SingleOrDefault(a => a.Role == role)
        ?? throw new PkiConfigurationException($"The hierarchy has no {role}.");

    // SECURITY: a directory whose files were mixed up or replaced must fail at start-up, not sign.
    private void ValidateStructure()
    {
        Require(CertificateChecks.IsIssuedBy(Root.Certificate, Root.Certificate) && CertificateChecks.IsCa(Root.Certificate),
            "The root certificate is not a self-signed CA certificate.");
        Require(CertificateChecks.IsIssuedBy(DocumentSigner.Certificate, Root.Certificate), "The document signer is not issued by the root.");
        Require(CertificateChecks.HasExtendedKeyUsage(DocumentSigner.Certificate, HawiyaOids.DocumentSigning),
            "The document signer certificate lacks the document-signing extended key usage.");
        Require(CertificateChecks.IsIssuedBy(CardCa.Certificate, Root.Certificate) && CertificateChecks.IsCa(CardCa.Certificate),
            "The card CA is not a CA issued by the root.");
        Require(CertificateChecks.IsIssuedBy(ReaderCa.Certificate, Root.Certificate) && CertificateChecks.IsCa(ReaderCa.Certificate),
            "The reader CA is not a CA issued by the root.");
        Require(CertificateChecks.IsIssuedBy(OcspSigner.Certificate, CardCa.Certificate), "The OCSP signer is not issued by the card CA.");
        Require(CertificateChecks.HasExtendedKeyUsage(OcspSigner.Certificate, KeyPurposeID.id_kp_OCSPSigning),
            "The OCSP signer certificate lacks id-kp-OCSPSigning.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new PkiConfigurationException(message);
        }
    }
}
