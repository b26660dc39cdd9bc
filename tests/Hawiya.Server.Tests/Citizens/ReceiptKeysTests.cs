using System.Security.Cryptography;
using Hawiya.Hsm;
using Hawiya.Hsm.Tests.Support;
using Hawiya.Receipts;
using Hawiya.Server.Citizens.Receipts;
using Hawiya.Server.Keys;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Hawiya.Server.Tests.Citizens;

public sealed class ReceiptKeysTests
{
    [Fact]
    public void Validate_ProductionWithoutAKeyInConfiguration_Succeeds() =>
        Assert.True(new ReceiptSettingsValidation(Environment("Production")).Validate(null, new ReceiptSettings()).Succeeded);

    [Fact]
    public void Validate_ProductionWithAPemKey_FailsNamingTheHsm()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = new ReceiptSettingsValidation(Environment("Production")).Validate(null, new ReceiptSettings { SigningKey = key.ExportPkcs8PrivateKeyPem() });

        Assert.True(result.Failed);
        Assert.Contains("Hawiya:Receipts:SigningKey holds a private key in configuration", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Hawiya:Hsm", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConfiguredKeyAndRetiredKey_BothPublishedAndReceiptsVerify()
    {
        using var current = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var retired = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = new ReceiptSettings
        {
            SigningKey = current.ExportPkcs8PrivateKeyPem(),
            KeyId = "receipts-2",
            RetiredKeys = [new RetiredReceiptKey { KeyId = "receipts-1", PublicKeyPem = retired.ExportSubjectPublicKeyInfoPem() }],
        };

        var keys = ReceiptKeys.Load(settings, Environment("Development"), () => throw new InvalidOperationException("a configured key needs no table"));
        var verifier = ReceiptVerifier.FromJwks(keys.Jwks);
        var old = new ReceiptSigner(retired, "receipts-1").Sign(Sample());
        var now = keys.Signer.Sign(Sample());

        Assert.Equal(2, ReceiptJwks.Read(keys.Jwks).Count);
        Assert.True(verifier.Verify(old).IsValid);
        Assert.True(verifier.Verify(now).IsValid);
    }

    [Fact]
    public void Load_FromTheHsm_SignsWithTheNewestActiveKeyAndPublishesEveryOne()
    {
        var keyNamespace = TestToken.NewNamespace();
        using var token = HsmToken.Open(TestToken.Settings(keyNamespace));
        using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        var now = DateTimeOffset.UtcNow;
        var platform = new PlatformKeys(token, Options.Create(TestToken.Settings(keyNamespace)), database, TimeProvider.System, NullLogger<PlatformKeys>.Instance);
        var old = platform.Generate(ReceiptKeys.HsmPurpose, "receipts-es256", HsmKeyType.EcP256, now.AddDays(-30));
        var current = platform.Generate(ReceiptKeys.HsmPurpose, "receipts-es256", HsmKeyType.EcP256, now.AddDays(-1));
        var next = platform.Generate(ReceiptKeys.HsmPurpose, "receipts-es256", HsmKeyType.EcP256, now.AddDays(1));

        var keys = ReceiptKeys.Load(new ReceiptSettings(), Environment("Production"), () => throw new InvalidOperationException("no table with an HSM"), () => platform);
        var receipt = keys.Signer.Sign(Sample());

        Assert.Equal(current.KeyId, keys.Signer.KeyId);
        Assert.Equal([old.KeyId, current.KeyId, next.KeyId], ReceiptJwks.Read(keys.Jwks).Keys.Order(StringComparer.Ordinal));
        Assert.True(ReceiptVerifier.FromJwks(keys.Jwks).Verify(receipt).IsValid);
    }

    [Fact]
    public void Load_FromAnHsmWithoutAReceiptKey_GeneratesOneThatSigns()
    {
        var keyNamespace = TestToken.NewNamespace();
        using var token = HsmToken.Open(TestToken.Settings(keyNamespace));
        using var database = NpgsqlDataSource.Create(TestDatabase.ConnectionString);
        var platform = new PlatformKeys(token, Options.Create(TestToken.Settings(keyNamespace)), database, TimeProvider.System, NullLogger<PlatformKeys>.Instance);

        var keys = ReceiptKeys.Load(new ReceiptSettings(), Environment("Production"), () => throw new InvalidOperationException("no table with an HSM"), () => platform);

        var stored = Assert.Single(token.FindKeys(HsmKeyName.Prefix(keyNamespace, ReceiptKeys.HsmPurpose)));
        Assert.False(token.Protection(stored).Extractable);
        Assert.True(ReceiptVerifier.FromJwks(keys.Jwks).Verify(keys.Signer.Sign(Sample())).IsValid);
    }

    private static Receipt Sample() => new()
    {
        Issuer = "https://hawiya.example.ma/",
        Id = "s-abc.r1",
        ClientId = "tax-portal",
        Subject = "sub",
        IssuedAt = DateTimeOffset.UnixEpoch,
        Acr = "eidas1",
        Amr = ["pwd"],
        ClaimsDigest = ReceiptDigests.Claims(new Dictionary<string, string>()),
    };

    private static IHostEnvironment Environment(string name) => new HostingEnvironment
    {
        EnvironmentName = name,
        ApplicationName = "Hawiya.Server",
        ContentRootPath = AppContext.BaseDirectory,
        ContentRootFileProvider = new NullFileProvider(),
    };
}
