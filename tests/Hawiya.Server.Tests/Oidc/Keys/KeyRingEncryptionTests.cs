using System.Security.Cryptography;
using System.Xml.Linq;
using Hawiya.Server.Oidc.Keys;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Tests.Oidc.Keys;

/// <summary>
/// Issue 26, finding 9: the Data Protection key ring in PostgreSQL holds no key in clear, so
/// reading the database (or a backup) is not enough to mint a single sign-on cookie.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class KeyRingEncryptionTests(OidcServer server)
{
    [Fact]
    public void CreateNewKey_AsStoredInPostgres_HoldsItsSecretWrappedAndOpensAgain()
    {
        var manager = server.Services.GetRequiredService<IKeyManager>();
        // Activated far ahead, so that this key never becomes the one the running servers use.
        var activation = DateTimeOffset.UtcNow.AddYears(50);
        var key = manager.CreateNewKey(activation, activation.AddDays(1));

        var stored = server.Services.GetRequiredService<SharedKeyTable>().List("data-protection")
            .Single(k => k.KeyId == $"key-{key.KeyId:D}").Material;

        var element = XElement.Parse(stored);
        Assert.DoesNotContain(element.Descendants(), e => e.Name.LocalName == "masterKey");
        var wrapped = Assert.Single(element.Descendants(XName.Get("wrappedKey", "urn:hawiya:keyring")));
        Assert.Equal(KeyRingKeys.DevelopmentKeyId, (string?)wrapped.Attribute("keyId"));
        var reloaded = manager.GetAllKeys().Single(k => k.KeyId == key.KeyId);
        Assert.NotNull(reloaded.CreateEncryptor());
    }

    [Fact]
    public void Decrypt_WrappedWithAKeyNoLongerConfigured_FailsNamingIt()
    {
        var encrypted = new AesGcmXmlEncryptor(Keys(("old", RandomNumberGenerator.GetBytes(32)))).Encrypt(new XElement("masterKey", "secret"));

        var error = Assert.Throws<CryptographicException>(() => Decryptor(("new", RandomNumberGenerator.GetBytes(32))).Decrypt(encrypted.EncryptedElement));

        Assert.Contains("'old'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_AfterRotation_OpensWhatTheOldKeyWrapped()
    {
        var old = RandomNumberGenerator.GetBytes(32);
        var encrypted = new AesGcmXmlEncryptor(Keys(("old", old))).Encrypt(new XElement("masterKey", "secret"));

        var opened = Decryptor(("new", RandomNumberGenerator.GetBytes(32)), ("old", old)).Decrypt(encrypted.EncryptedElement);

        Assert.Equal("secret", opened.Value);
    }

    [Fact]
    public void Decrypt_KeyIdRelabelled_Fails()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var encrypted = new AesGcmXmlEncryptor(Keys(("a", key))).Encrypt(new XElement("masterKey", "secret")).EncryptedElement;
        encrypted.SetAttributeValue("keyId", "b");

        Assert.ThrowsAny<CryptographicException>(() => Decryptor(("a", key), ("b", key)).Decrypt(encrypted));
    }

    [Fact]
    public void Validate_ProductionWithoutEncryptionKeys_FailsNamingTheSetting()
    {
        var result = new KeyRingSettingsValidation(Environment("Production")).Validate(null, new KeyRingSettings());

        Assert.True(result.Failed);
        Assert.Contains("Hawiya:KeyRing:EncryptionKeys must hold at least one key", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProductionWithTheDevelopmentKey_Fails()
    {
        var settings = new KeyRingSettings { EncryptionKeys = [new() { KeyId = "k1", Key = "DEV-ONLY-key" }] };

        var result = new KeyRingSettingsValidation(Environment("Production")).Validate(null, settings);

        Assert.True(result.Failed);
        Assert.Contains("development default", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProductionWithA256BitKey_Succeeds()
    {
        var settings = new KeyRingSettings { EncryptionKeys = [new() { KeyId = "k1", Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }] };

        Assert.True(new KeyRingSettingsValidation(Environment("Production")).Validate(null, settings).Succeeded);
    }

    private static KeyRingKeys Keys(params (string Id, byte[] Key)[] keys) => new(
        Options.Create(new KeyRingSettings { EncryptionKeys = [.. keys.Select(k => new KeyEncryptionKeySettings { KeyId = k.Id, Key = Convert.ToBase64String(k.Key) })] }),
        Environment("Production"));

    private static AesGcmXmlDecryptor Decryptor(params (string Id, byte[] Key)[] keys) =>
        new(new ServiceCollection().AddSingleton(Keys(keys)).BuildServiceProvider());

    private static HostingEnvironment Environment(string name) => new()
    {
        EnvironmentName = name,
        ApplicationName = "Hawiya.Server",
        ContentRootPath = AppContext.BaseDirectory,
        ContentRootFileProvider = new NullFileProvider(),
    };
}
