using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Pki.Tests.Hierarchy;

public sealed class DevelopmentPkiProvisionerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void LoadOrCreate_FirstRun_CreatesADevelopmentHierarchyOnDisk()
    {
        using var directory = new TempDirectory();
        var options = Options(directory.File("pki"));

        using var hierarchy = new DevelopmentPkiProvisioner(_time).LoadOrCreate(options);

        Assert.True(hierarchy.IsDevelopment);
        Assert.True(PkiHierarchy.ExistsIn(options.Directory));
        Assert.Contains("(development)", hierarchy.Root.Subject.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOrCreate_SecondRun_LoadsTheSameHierarchy()
    {
        using var directory = new TempDirectory();
        var options = Options(directory.File("pki"));
        var provisioner = new DevelopmentPkiProvisioner(_time);
        byte[] firstRoot;
        using (var first = provisioner.LoadOrCreate(options))
        {
            firstRoot = first.Root.CertificateDer;
        }

        using var second = provisioner.LoadOrCreate(options);

        Assert.Equal(firstRoot, second.Root.CertificateDer);
    }

    [Fact]
    public async Task LoadOrCreate_TwoSilosStartingTogether_EndWithTheSameHierarchy()
    {
        using var directory = new TempDirectory();
        var options = Options(directory.File("pki"));

        var hierarchies = await Task.WhenAll(
            Task.Run(() => new DevelopmentPkiProvisioner(_time).LoadOrCreate(options)),
            Task.Run(() => new DevelopmentPkiProvisioner(_time).LoadOrCreate(options)));

        using var onDisk = PkiHierarchy.Load(options.Directory, options.Passphrase!, production: false);
        Assert.All(hierarchies, h => Assert.Equal(onDisk.Root.CertificateDer, h.Root.CertificateDer));
        Assert.All(hierarchies, h => h.Dispose());
    }

    [Fact]
    public void LoadOrCreate_ProductionMode_ThrowsWithoutTouchingTheDisk()
    {
        using var directory = new TempDirectory();
        var options = Options(directory.File("pki"));
        options.Production = true;

        var error = Assert.Throws<PkiConfigurationException>(() => new DevelopmentPkiProvisioner(_time).LoadOrCreate(options));

        Assert.Contains("disabled in production", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(options.Directory));
    }

    [Fact]
    public void LoadOrCreate_PassphraseFile_IsUsed()
    {
        using var directory = new TempDirectory();
        var options = new PkiOptions
        {
            Directory = directory.File("pki"),
            PassphraseFile = directory.Write("passphrase", "from a mounted secret file\n"),
            Production = false,
        };

        using (new DevelopmentPkiProvisioner(_time).LoadOrCreate(options))
        {
        }

        using var loaded = PkiHierarchy.Load(options.Directory, "from a mounted secret file", production: false);
        Assert.True(loaded.IsDevelopment);
    }

    [Fact]
    public void ResolvePassphrase_NothingConfigured_ThrowsPkiConfigurationException()
    {
        var options = new PkiOptions { Directory = "/tmp/x" };

        var error = Assert.Throws<PkiConfigurationException>(options.ResolvePassphrase);

        Assert.Contains("Pki:Passphrase", error.Message, StringComparison.Ordinal);
    }

    private static PkiOptions Options(string directory) =>
        new() { Directory = directory, Passphrase = "development passphrase", Production = false };
}
