using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Hawiya.Grains.Credentials;

/// <summary>Argon2id cost settings (section <c>Hawiya:Passwords</c>); defaults are OWASP's minimum.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Hawiya:Passwords";

    /// <summary>Memory in KiB: OWASP Password Storage Cheat Sheet, 19 MiB with 2 passes.</summary>
    [Range(8 * 1024, 4 * 1024 * 1024)] public int MemoryKiB { get; set; } = 19 * 1024;
    [Range(1, 20)] public int Iterations { get; set; } = 2;
    [Range(1, 16)] public int Parallelism { get; set; } = 1;
}

/// <summary>
/// Argon2id hashing, asynchronous: the hash runs without a thread blocked waiting for it (the
/// library's synchronous call starts the work on the thread pool and blocks the caller on it, so
/// under a password peak every hash held two threads and the pool kept injecting more).
/// </summary>
public interface IPasswordHasher
{
    /// <summary>Hashes with a fresh salt; returns a PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash).</summary>
    Task<string> HashAsync(string password);

    /// <summary>Verifies against a PHC string, with the costs it records (so raising costs keeps old hashes valid).</summary>
    Task<bool> VerifyAsync(string password, string phc);
}

public sealed class Argon2PasswordHasher(IOptions<PasswordHashingOptions> options) : IPasswordHasher
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public async Task<string> HashAsync(string password)
    {
        var o = options.Value;
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = await ComputeAsync(password, salt, o.MemoryKiB, o.Iterations, o.Parallelism);
        return $"$argon2id$v=19$m={o.MemoryKiB},t={o.Iterations},p={o.Parallelism}${Encode(salt)}${Encode(hash)}";
    }

    public async Task<bool> VerifyAsync(string password, string phc)
    {
        // $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
        var parts = phc.Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id" || parts[2] != "v=19")
        {
            return false;
        }

        var costs = parts[3].Split(',').Select(c => c.Split('=')).ToDictionary(kv => kv[0], kv => int.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture));
        var salt = Decode(parts[4]);
        var expected = Decode(parts[5]);
        var actual = await ComputeAsync(password, salt, costs["m"], costs["t"], costs["p"], expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static async Task<byte[]> ComputeAsync(string password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length = HashBytes)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKiB,
            Iterations = iterations,
            DegreeOfParallelism = parallelism,
        };
        return await argon.GetBytesAsync(length);
    }

    // PHC strings use standard base64 without padding.
    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] Decode(string text) => Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
