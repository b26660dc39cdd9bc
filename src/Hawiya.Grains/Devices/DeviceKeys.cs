using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Hawiya.Contracts.Devices;

namespace Hawiya.Grains.Devices;

/// <summary>Device keys: P-256 public keys as JWK coordinates, named by their RFC 7638 thumbprint.</summary>
public static class DeviceKeys
{
    private const int MaxLabel = 64;
    private const int MaxPushToken = 4096;

    /// <summary>A label and token of sane size, and a point that is really on P-256 (an invalid-curve key is refused).</summary>
    public static bool IsValid(DeviceEnrollment enrollment)
    {
        if (string.IsNullOrWhiteSpace(enrollment.Label) || enrollment.Label.Length > MaxLabel
            || string.IsNullOrWhiteSpace(enrollment.PushToken) || enrollment.PushToken.Length > MaxPushToken)
        {
            return false;
        }

        try
        {
            using var key = Import(enrollment.PublicKeyX, enrollment.PublicKeyY);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    public static ECDsa Import(string x, string y)
    {
        var qx = Base64Url.DecodeFromChars(x);
        var qy = Base64Url.DecodeFromChars(y);
        if (qx.Length != 32 || qy.Length != 32)
        {
            throw new FormatException("A P-256 coordinate is 32 bytes.");
        }

        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = qx, Y = qy } };
        parameters.Validate();
        return ECDsa.Create(parameters);
    }

    /// <summary>RFC 7638 §3.2: SHA-256 over the required members in lexicographic order, base64url.</summary>
    public static string Thumbprint(string x, string y) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}")));
}
