using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hawiya.KeyRing.Tests;

/// <summary>
/// Several instances of one app, each its own service container as each replica is its own process,
/// on the real test database: what one protects the others open, and the stored ring is wrapped.
/// </summary>
public sealed class SharedKeyRingTests
{
    private const string Purpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";

    private readonly string _application = "test-" + Guid.NewGuid().ToString("N")[..12];

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static ServiceProvider Instance(string application, params (string Id, string Key)[] keys)
    {
        var settings = new Dictionary<string, string?> { ["KeyRing:ConnectionString"] = TestDatabase.ConnectionString };
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"KeyRing:EncryptionKeys:{i}:KeyId"] = keys[i].Id;
            settings[$"KeyRing:EncryptionKeys:{i}:Key"] = keys[i].Key;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSharedKeyRing(application);
        return services.BuildServiceProvider();
    }

    private static IDataProtector Protector(IServiceProvider instance) =>
        instance.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    [Fact]
    public void Protect_OnOneInstance_OpensOnAnotherOfTheSameApp()
    {
        var key = ("k1", NewKey());
        using var first = Instance(_application, key);
        using var second = Instance(_application, key);

        var sealedByFirst = Protector(first).Protect("session of a citizen");

        Assert.Equal("session of a citizen", Protector(second).Unprotect(sealedByFirst));
        Assert.Equal("session of a citizen", Protector(first).Unprotect(Protector(second).Protect("session of a citizen")));
    }

    [Fact]
    public void Protect_StoresOneWrappedKeyAndNoMasterKeyInClear()
    {
        using var instance = Instance(_application, ("k1", NewKey()));

        Protector(instance).Protect("anything");

        var rows = StoredXml(_application);
        var row = Assert.Single(rows);
        Assert.Contains("urn:hawiya:keyring", row, StringComparison.Ordinal);
        Assert.Contains("keyId=\"k1\"", row, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_InstanceWithAnotherWrappingKey_CannotOpen()
    {
        using var first = Instance(_application, ("k1", NewKey()));
        var sealedByFirst = Protector(first).Protect("session");
        using var impostor = Instance(_application, ("k1", NewKey()));

        Assert.ThrowsAny<CryptographicException>(() => Protector(impostor).Unprotect(sealedByFirst));
    }

    [Fact]
    public void Unprotect_AnotherApplication_CannotOpen()
    {
        var key = ("k1", NewKey());
        using var first = Instance(_application, key);
        using var other = Instance(_application + "-other", key);

        var sealedByFirst = Protector(first).Protect("session");

        Assert.ThrowsAny<CryptographicException>(() => Protector(other).Unprotect(sealedByFirst));
    }

    [Fact]
    public void Unprotect_AfterRotationWithTheOldKeySecond_StillOpensWhatTheOldRingSealed()
    {
        var old = ("k1", NewKey());
        using var before = Instance(_application, old);
        var sealedBefore = Protector(before).Protect("session");

        using var after = Instance(_application, ("k2", NewKey()), old);

        Assert.Equal("session", Protector(after).Unprotect(sealedBefore));
    }

    [Theory]
    [InlineData(true, 0, "EncryptionKeys must hold at least one key")]
    [InlineData(true, 16, "must be 32 bytes (AES-256) in base64")]
    [InlineData(false, 32, "EncryptionKeys is set without KeyRing:ConnectionString")]
    public void Validate_IncompleteSettings_Fails(bool shared, int keyBytes, string expected)
    {
        var settings = new SharedKeyRingSettings { ConnectionString = shared ? TestDatabase.ConnectionString : null };
        if (keyBytes > 0)
        {
            settings.EncryptionKeys.Add(new KeyEncryptionKey { KeyId = "k1", Key = Convert.ToBase64String(new byte[keyBytes]) });
        }

        var result = new SharedKeyRingSettingsValidation().Validate(null, settings);

        Assert.Contains(result.Failures ?? [], f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NothingSet_SucceedsForASingleInstance() =>
        Assert.True(new SharedKeyRingSettingsValidation().Validate(null, new SharedKeyRingSettings()).Succeeded);

    [Fact]
    public void Start_SharedWithoutKeys_FailsValidation()
    {
        using var instance = Instance(_application);

        Assert.Throws<OptionsValidationException>(() => instance.GetRequiredService<IOptions<SharedKeyRingSettings>>().Value);
    }

    private static List<string> StoredXml(string application)
    {
        using var dataSource = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        using var select = dataSource.CreateCommand("SELECT xml FROM hawiya_app_key_ring WHERE application = @application");
        select.Parameters.AddWithValue("application", application);
        using var reader = select.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
