using System.Numerics;
using Hawiya.Pki.Keys;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Hawiya.Pki.Tests.Support;

/// <summary>Builds OCSP requests and reads responses with BouncyCastle's client side.</summary>
internal static class OcspRequests
{
    public static byte[] Build(X509Certificate issuer, IEnumerable<BigInteger> serials, byte[]? nonce = null, string hash = "1.3.14.3.2.26")
    {
        var generator = new OcspReqGenerator();
        foreach (var serial in serials)
        {
            generator.AddRequest(new CertificateID(new AlgorithmIdentifier(new DerObjectIdentifier(hash), DerNull.Instance), issuer, KeyConversions.ToBouncyCastle(serial)));
        }

        if (nonce is not null)
        {
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(OcspObjectIdentifiers.PkixOcspNonce, false, new DerOctetString(nonce));
            generator.SetRequestExtensions(extensions.Generate());
        }

        return generator.Generate().GetEncoded();
    }

    public static BasicOcspResp Basic(byte[] response)
    {
        var parsed = new OcspResp(response);
        Assert.Equal(OcspRespStatus.Successful, parsed.Status);
        return Assert.IsType<BasicOcspResp>(parsed.GetResponseObject());
    }

    public static byte[]? Nonce(BasicOcspResp response)
    {
        var value = response.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce);
        return value is null ? null : Asn1OctetString.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetOctets();
    }
}
