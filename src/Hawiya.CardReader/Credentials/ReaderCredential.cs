using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hawiya.CardReader.Credentials;

/// <summary>
/// The reader's credential as the PKI tool writes it (<c>hawiya-pki reader</c>): NAME.cert.pem,
/// NAME.key.pem (PKCS#8 P-256) and NAME.chain.pem (reader CA, then root).
/// </summary>
public sealed class ReaderCredential : IDisposable
{
    private ReaderCredential(X509Certificate2 certificate, ECDsa key, X509Certificate2Collection chain)
    {
        Certificate = certificate;
        Key = key;
        Chain = chain;
    }

    public X509Certificate2 Certificate { get; }

    public ECDsa Key { get; }

    /// <summary>The CA certificates above the reader's, reader CA first.</summary>
    public X509Certificate2Collection Chain { get; }

    /// <summary>The reader's name: its certificate's common name.</summary>
    public string Name => Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);

    /// <summary>Loads <paramref name="prefix"/>.cert.pem, .key.pem and .chain.pem.</summary>
    public static ReaderCredential Load(string prefix) =>
        FromPem(File.ReadAllText(prefix + ".cert.pem"), File.ReadAllText(prefix + ".key.pem"), File.ReadAllText(prefix + ".chain.pem"));

    public static ReaderCredential FromPem(string certificatePem, string keyPem, string chainPem)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(keyPem);
            using var publicKey = certificate.GetECDsaPublicKey()
                ?? throw new CryptographicException("The reader certificate does not hold an ECDSA key.");
            if (!publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new CryptographicException("The reader key does not belong to the reader certificate.");
            }
        }
        catch
        {
            key.Dispose();
            certificate.Dispose();
            throw;
        }

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(chainPem);
        return new ReaderCredential(certificate, key, chain);
    }

    /// <summary>DER of the reader's certificate and of its reader CA, as the bridge's hello carries them.</summary>
    public byte[][] ChainDer() => [Certificate.RawData, .. Chain.Take(1).Select(c => c.RawData)];

    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
        foreach (var certificate in Chain)
        {
            certificate.Dispose();
        }
    }
}
