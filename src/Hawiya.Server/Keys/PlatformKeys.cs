using System.Security.Cryptography;
using Hawiya.Hsm;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hawiya.Server.Keys;

/// <summary>
/// The platform's keys in the HSM, by purpose (<see cref="HsmKeyName"/>). A purpose that lacks a key
/// of a type it needs gets one generated in the token, active at once: the first start of a
/// deployment. Silos starting together take a PostgreSQL advisory lock first, so one of them
/// generates and the others find its key.
/// </summary>
public sealed partial class PlatformKeys(HsmToken token, IOptions<HsmSettings> settings, NpgsqlDataSource database, TimeProvider time, ILogger<PlatformKeys> logger)
{
    public string KeyNamespace => settings.Value.KeyNamespace;

    /// <summary>The keys of <paramref name="purpose"/>, oldest activation first, after generating any type still missing.</summary>
    public IReadOnlyList<(HsmKeyName Name, HsmKey Key)> Load(string purpose, params (string KeyIdPrefix, HsmKeyType Type)[] needed)
    {
        var keys = Find(purpose);
        if (needed.All(n => keys.Any(k => k.Key.Type == n.Type)))
        {
            return keys;
        }

        using var connection = database.OpenConnection();
        using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext(@name))", connection))
        {
            take.Parameters.AddWithValue("name", "hawiya-hsm:" + HsmKeyName.Prefix(KeyNamespace, purpose));
            take.ExecuteNonQuery();
        }

        try
        {
            keys = Find(purpose);
            foreach (var (prefix, type) in needed.Where(n => !keys.Any(k => k.Key.Type == n.Type)))
            {
                Generate(purpose, prefix, type, time.GetUtcNow());
            }

            return Find(purpose);
        }
        finally
        {
            using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext(@name))", connection);
            release.Parameters.AddWithValue("name", "hawiya-hsm:" + HsmKeyName.Prefix(KeyNamespace, purpose));
            release.ExecuteNonQuery();
        }
    }

    /// <summary>A new key of <paramref name="type"/>, published from now and signing from <paramref name="activeFrom"/>.</summary>
    public HsmKeyName Generate(string purpose, string keyIdPrefix, HsmKeyType type, DateTimeOffset activeFrom)
    {
        // Whole seconds: the label keeps no more, and a key must never read as active later than it is.
        var from = DateTimeOffset.FromUnixTimeSeconds(activeFrom.ToUnixTimeSeconds());
        var name = new HsmKeyName(KeyNamespace, purpose, $"{keyIdPrefix}-{from:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}", from);
        _ = type == HsmKeyType.Rsa ? token.GenerateRsa(name.ToLabel()) : token.GenerateEcP256(name.ToLabel());
        LogGenerated(logger, name.KeyId, purpose, from);
        return name;
    }

    /// <summary>The keys of <paramref name="purpose"/> in the token, oldest activation first; nothing generated.</summary>
    public IReadOnlyList<(HsmKeyName Name, HsmKey Key)> List(string purpose) => Find(purpose);

    private List<(HsmKeyName Name, HsmKey Key)> Find(string purpose) =>
        [.. token.FindKeys(HsmKeyName.Prefix(KeyNamespace, purpose))
            .Select(k => (Parsed: HsmKeyName.TryParse(k.Label, out var name) ? name : null, Key: k))
            .Where(k => k.Parsed is not null)
            .Select(k => (Name: k.Parsed!, k.Key))
            .OrderBy(k => k.Name.ActiveFrom)];

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated the {Purpose} key {KeyId} in the HSM, active from {ActiveFrom}")]
    private static partial void LogGenerated(ILogger logger, string keyId, string purpose, DateTimeOffset activeFrom);
}
