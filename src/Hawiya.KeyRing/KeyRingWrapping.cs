using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.KeyRing;

/// <summary>
/// Wraps the secret part of each Data Protection key (its master key) with AES-256-GCM before it is
/// stored, so a reader of the database or of a backup cannot mint or open the app's cookies. The id
/// of the key-encryption key is stored with it and bound to the ciphertext, for rotation.
/// </summary>
internal sealed class AesGcmXmlEncryptor(KeyRingKeys keys) : IXmlEncryptor
{
    internal static readonly XName Element = XName.Get("wrappedKey", "urn:hawiya:keyring");
    internal const int NonceBytes = 12;
    internal const int TagBytes = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var (id, key) = keys.Current;
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes, plaintext.Length), sealedBytes.AsSpan(NonceBytes + plaintext.Length), AssociatedData(id));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement(Element, new XAttribute("keyId", id), new XAttribute("alg", "A256GCM"), Convert.ToBase64String(sealedBytes));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }

    /// <summary>The ciphertext is bound to the id of the key that wrapped it: a relabelled element does not open.</summary>
    internal static byte[] AssociatedData(string keyId) => Encoding.UTF8.GetBytes("hawiya-app-keyring:" + keyId);
}

/// <summary>Unwraps what <see cref="AesGcmXmlEncryptor"/> wrapped. Data Protection creates it by type, with the app's services.</summary>
internal sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        if (encryptedElement.Name != AesGcmXmlEncryptor.Element || (string?)encryptedElement.Attribute("alg") != "A256GCM"
            || (string?)encryptedElement.Attribute("keyId") is not { } id)
        {
            throw new CryptographicException("The key ring element is not one this app wrapped.");
        }

        var key = services.GetRequiredService<KeyRingKeys>().Find(id)
            ?? throw new CryptographicException($"The key ring element was wrapped with key '{id}', which is not configured ({SharedKeyRingSettings.Section}:EncryptionKeys).");
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        var length = sealedBytes.Length - AesGcmXmlEncryptor.NonceBytes - AesGcmXmlEncryptor.TagBytes;
        if (length < 0)
        {
            throw new CryptographicException("The key ring element is truncated.");
        }

        var plaintext = new byte[length];
        using (var aes = new AesGcm(key, AesGcmXmlEncryptor.TagBytes))
        {
            aes.Decrypt(
                sealedBytes.AsSpan(0, AesGcmXmlEncryptor.NonceBytes),
                sealedBytes.AsSpan(AesGcmXmlEncryptor.NonceBytes, length),
                sealedBytes.AsSpan(AesGcmXmlEncryptor.NonceBytes + length),
                plaintext,
                AesGcmXmlEncryptor.AssociatedData(id));
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
