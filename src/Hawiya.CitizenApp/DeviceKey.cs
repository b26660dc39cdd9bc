using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hawiya.CitizenApp;

/// <summary>
/// The device key of one app instance: ECDSA P-256, generated on the phone, never sent. Its id
/// is the RFC 7638 thumbprint of the public JWK, which is also how the server names the device.
/// </summary>
public sealed class DeviceKey : IDisposable
{
    private readonly ECDsa _key;

    private DeviceKey(ECDsa key)
    {
        _key = key;
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        X = Base64Url.EncodeToString(q.X);
        Y = Base64Url.EncodeToString(q.Y);
        Id = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{X}\",\"y\":\"{Y}\"}}")));
    }

    public string X { get; }

    public string Y { get; }

    /// <summary>The JWK thumbprint (RFC 7638), sent as the JWS <c>kid</c>.</summary>
    public string Id { get; }

    public static DeviceKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static DeviceKey FromPem(string pkcs8Pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pkcs8Pem);
        return new DeviceKey(key);
    }

    public string ExportPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The public JWK (RFC 7518 §6.2.1) the server enrolls.</summary>
    public object PublicJwk => new { kty = "EC", crv = "P-256", x = X, y = Y };

    /// <summary>A compact JWS (RFC 7515 §7.1), ES256, typed <c>hawiya-device+jwt</c>, over <paramref name="payload"/>.</summary>
    public string Sign(object payload)
    {
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { alg = "ES256", typ = "hawiya-device+jwt", kid = Id }));
        var body = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signingInput = header + "." + body;
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose() => _key.Dispose();
}
