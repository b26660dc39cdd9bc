using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;

namespace Hawiya.Pki.Keys;

/// <summary>
/// A BouncyCastle <see cref="ISignatureFactory"/> backed by a .NET <see cref="ECDsa"/> key, so that
/// BouncyCastle builds the ASN.1 (certificates, CRLs, CMS) while OpenSSL, through .NET, computes
/// the signatures: several times faster than BouncyCastle's managed ECDSA, which matters for OCSP.
/// </summary>
public sealed class EcdsaSignatureFactory : ISignatureFactory, IDisposable
{
    private readonly ECParameters _parameters;
    private readonly ThreadLocal<ECDsa> _keys;
    private readonly AlgorithmIdentifier _algorithm;
    private readonly HashAlgorithmName _hash;

    public EcdsaSignatureFactory(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        // RFC 5480 §4 pairs the digest with the curve: SHA-256 for P-256, SHA-384 for P-384.
        // RFC 5758 §3.2: the ecdsa-with-SHA* AlgorithmIdentifier has its parameters absent.
        (_hash, _algorithm) = key.KeySize switch
        {
            256 => (HashAlgorithmName.SHA256, new AlgorithmIdentifier(X9ObjectIdentifiers.ECDsaWithSha256)),
            384 => (HashAlgorithmName.SHA384, new AlgorithmIdentifier(X9ObjectIdentifiers.ECDsaWithSha384)),
            _ => throw new ArgumentException($"Unsupported ECDSA key size {key.KeySize}: use P-256 or P-384.", nameof(key)),
        };
        _parameters = key.ExportParameters(includePrivateParameters: true);
        // .NET does not promise that one ECDsa instance may sign on several threads at once;
        // one instance per thread keeps the OCSP responder safe and lets both cores sign.
        _keys = new ThreadLocal<ECDsa>(() => ECDsa.Create(_parameters), trackAllValues: true);
    }

    public object AlgorithmDetails => _algorithm;

    /// <summary>The signature algorithm identifier, as it appears in what this factory signs.</summary>
    public AlgorithmIdentifier Algorithm => _algorithm;

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(this);

    /// <summary>Signs <paramref name="data"/>; the signature is DER (ECDSA-Sig-Value, RFC 3279 §2.2.3).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _keys.Value!.SignData(data, _hash, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        _keys.Dispose();
        CryptographicOperations.ZeroMemory(_parameters.D);
    }

    private sealed class Calculator(EcdsaSignatureFactory owner) : IStreamCalculator<IBlockResult>
    {
        private readonly MemoryStream _stream = new();

        public Stream Stream => _stream;

        // BouncyCastle disposes the stream before asking for the result; ToArray still works then.
        public IBlockResult GetResult() => new SimpleBlockResult(owner.Sign(_stream.ToArray()));
    }
}
