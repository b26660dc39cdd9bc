using System.Security.Cryptography;
using Hawiya.Receipts;
using Hawiya.Server.Citizens.Receipts;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Hawiya.Server.Tests.Citizens;

public sealed class ReceiptKeysTests
{
    [Fact]
    public void Validate_ProductionWithoutKey_FailsNamingTheSetting()
    {
        var result = new ReceiptSettingsValidation(Environment("Production")).Validate(null, new ReceiptSettings());

        Assert.True(result.Failed);
        Assert.Contains("Hawiya:Receipts:SigningKey is not set", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProductionWithDevelopmentDefault_Fails()
    {
        var result = new ReceiptSettingsValidation(Environment("Production")).Validate(null, new ReceiptSettings { SigningKey = "DEV-ONLY-receipt-key" });

        Assert.True(result.Failed);
        Assert.Contains("development default", result.FailureMessage, StringComparison.Ordinal);
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

        var keys = ReceiptKeys.Load(settings, Environment("Production"), () => throw new InvalidOperationException("no table outside Development"));
        var verifier = ReceiptVerifier.FromJwks(keys.Jwks);
        var old = new ReceiptSigner(retired, "receipts-1").Sign(Sample());
        var now = keys.Signer.Sign(Sample());

        Assert.Equal(2, ReceiptJwks.Read(keys.Jwks).Count);
        Assert.True(verifier.Verify(old).IsValid);
        Assert.True(verifier.Verify(now).IsValid);
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
