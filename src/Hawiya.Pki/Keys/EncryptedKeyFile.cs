using System.Security.Cryptography;

namespace Hawiya.Pki.Keys;

/// <summary>
/// Private keys at rest: PEM "ENCRYPTED PRIVATE KEY" (RFC 5958 EncryptedPrivateKeyInfo, RFC 7468 §11)
/// with PBES2 (RFC 8018 §6.2): PBKDF2-HMAC-SHA256 and AES-256-CBC. OpenSSL reads these files as is.
/// </summary>
public static class EncryptedKeyFile
{
    // SECURITY: 600,000 PBKDF2-HMAC-SHA256 iterations is OWASP's 2023 recommendation; a stolen
    // key file then costs an attacker that much work per passphrase guess.
    public const int Pbkdf2Iterations = 600_000;

    // SECURITY: a short passphrase would make the iteration count meaningless.
    public const int MinimumPassphraseLength = 12;

    private static readonly PbeParameters Protection =
        new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Pbkdf2Iterations);

    /// <summary>Encrypts <paramref name="key"/> with <paramref name="passphrase"/> as PEM text.</summary>
    public static string Export(ECDsa key, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(key);
        EnsureStrongPassphrase(passphrase);
        return key.ExportEncryptedPkcs8PrivateKeyPem(passphrase.AsSpan(), Protection);
    }

    /// <summary>Writes the encrypted key, readable by the owner only (SECURITY: mode 0600 on Unix).</summary>
    public static void Write(string path, ECDsa key, string passphrase)
    {
        var pem = Export(key, passphrase);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }

    /// <summary>Reads and decrypts an encrypted PKCS#8 EC key file.</summary>
    /// <exception cref="PkiConfigurationException">Missing file, wrong passphrase or not an EC key.</exception>
    public static ECDsa Read(string path, string passphrase)
    {
        if (!File.Exists(path))
        {
            throw new PkiConfigurationException($"Private key file '{path}' does not exist.");
        }

        return Import(File.ReadAllText(path), passphrase, path);
    }

    /// <summary>Decrypts an encrypted PKCS#8 EC key held as PEM text.</summary>
    public static ECDsa Import(string pem, string passphrase, string source = "key")
    {
        ArgumentNullException.ThrowIfNull(pem);
        ArgumentNullException.ThrowIfNull(passphrase);
        // SECURITY: only encrypted keys are accepted; an unencrypted PEM block is not looked for.
        if (!pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new PkiConfigurationException($"'{source}' is not an encrypted PKCS#8 private key (PEM 'ENCRYPTED PRIVATE KEY').");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromEncryptedPem(pem, passphrase);
            return key;
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new PkiConfigurationException($"Cannot decrypt '{source}': wrong passphrase, or not an EC private key.", ex);
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new PkiConfigurationException($"Cannot read '{source}': {ex.Message}", ex);
        }
    }

    public static void EnsureStrongPassphrase(string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        if (passphrase.Length < MinimumPassphraseLength)
        {
            throw new PkiConfigurationException(
                $"The PKI passphrase must be at least {MinimumPassphraseLength} characters long.");
        }
    }
}
