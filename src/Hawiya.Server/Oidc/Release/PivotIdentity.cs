using System.Security.Cryptography;
using System.Text.Json;
using Hawiya.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Oidc.Release;

/// <summary>The pivot identity (FranceConnect's identité pivot) plus the postal address.</summary>
public sealed record PivotIdentity(
    string GivenName,
    string FamilyName,
    string Birthdate,
    string Gender,
    string BirthPlace,
    string BirthCountry,
    string? PreferredUsername = null,
    string? Address = null);

/// <summary>
/// Seals a citizen's pivot identity before it reaches a grain (AES-256-GCM under
/// <c>Hawiya:Secrets:IdentitySealKey</c>), so storage only ever holds ciphertext, bound by
/// the associated data to the citizen it belongs to.
/// </summary>
public sealed class IdentitySeal(IOptions<SecretSettings> secrets)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _key = SHA256.HashData(DevelopmentSecrets.ReadKey(secrets.Value.IdentitySealKey));

    public byte[] Seal(PivotIdentity identity, string citizenKey)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(identity);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), System.Text.Encoding.UTF8.GetBytes(citizenKey));
        return sealedBytes;
    }

    public PivotIdentity? Open(byte[]? sealedBytes, string citizenKey)
    {
        if (sealedBytes is null || sealedBytes.Length <= NonceBytes + TagBytes)
        {
            return null;
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, System.Text.Encoding.UTF8.GetBytes(citizenKey));
        }
        catch (AuthenticationTagMismatchException)
        {
            // Sealed for another citizen, or tampered with: release nothing.
            return null;
        }

        return JsonSerializer.Deserialize<PivotIdentity>(plain);
    }
}
