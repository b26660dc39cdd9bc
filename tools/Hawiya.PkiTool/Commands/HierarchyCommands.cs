using Hawiya.Pki.Cards;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Readers;

namespace Hawiya.PkiTool.Commands;

/// <summary>init, personalise and reader: the commands that create keys and certificates.</summary>
internal static class HierarchyCommands
{
    public static int Init(CommandLine command, TextWriter output)
    {
        var directory = command.Required("dir");
        var options = new PkiHierarchyOptions
        {
            CountryCode = command.Optional("country") ?? "MA",
            OrganizationName = command.Optional("organization") ?? "Hawiya",
            Development = command.Switch("development"),
        };
        var passphrase = Passphrase.Resolve(command);
        command.EnsureAllRead();
        if (PkiHierarchy.ExistsIn(directory))
        {
            throw new UsageException($"'{directory}' already holds a hierarchy: refusing to replace it.");
        }

        using var hierarchy = PkiHierarchy.Create(options, TimeProvider.System);
        hierarchy.Save(directory, passphrase);
        output.WriteLine($"Created a {(options.Development ? "development" : "production")} hierarchy in {Path.GetFullPath(directory)}:");
        foreach (var authority in hierarchy.Authorities)
        {
            output.WriteLine($"  {authority.Role,-15} {authority.Subject}  (serial {authority.Certificate.SerialNumber.ToString(16)}, until {authority.Certificate.NotAfter:yyyy-MM-dd})");
        }

        return 0;
    }

    public static int Personalise(CommandLine command, TextWriter output)
    {
        var directory = command.Required("dir");
        var identityPath = command.Required("identity");
        var outputPath = command.Required("out");
        var cardOptions = new CardCertificateOptions { CrlDistributionPoint = command.Optional("crl-url"), OcspUrl = command.Optional("ocsp-url") };
        var passphrase = Passphrase.Resolve(command);
        command.EnsureAllRead();
        if (File.Exists(outputPath))
        {
            throw new UsageException($"'{outputPath}' already exists: refusing to overwrite it.");
        }

        var request = IdentityInput.Read(identityPath);
        using var hierarchy = Load(directory, passphrase);
        CardFile card;
        try
        {
            card = new CardPersonaliser(hierarchy, TimeProvider.System, cardOptions).Personalise(request);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"identity: {ex.Message}");
        }

        SecretFile.Write(outputPath, card.ToJson());
        var certificate = new Org.BouncyCastle.X509.X509Certificate(card.Certificate);
        output.WriteLine($"Personalised card {card.CardNumber}: certificate serial {certificate.SerialNumber.ToString(16)}, valid until {certificate.NotAfter:yyyy-MM-dd}.");
        output.WriteLine($"Wrote {outputPath} (holds the card's private key, PIN and PUK: keep it private).");
        return 0;
    }

    public static int Reader(CommandLine command, TextWriter output)
    {
        var directory = command.Required("dir");
        var name = command.Required("name");
        var outputDirectory = command.Required("out");
        var days = command.Integer("validity-days", (int)ReaderCredentialIssuer.DefaultValidity.TotalDays, 1, 3650);
        var passphrase = Passphrase.Resolve(command);
        command.EnsureAllRead();
        var certificatePath = Path.Combine(outputDirectory, name + ".cert.pem");
        var keyPath = Path.Combine(outputDirectory, name + ".key.pem");
        var chainPath = Path.Combine(outputDirectory, name + ".chain.pem");
        if (new[] { certificatePath, keyPath, chainPath }.FirstOrDefault(File.Exists) is { } existing)
        {
            throw new UsageException($"'{existing}' already exists: refusing to overwrite it.");
        }

        using var hierarchy = Load(directory, passphrase);
        ReaderCredential credential;
        try
        {
            credential = new ReaderCredentialIssuer(hierarchy, TimeProvider.System).IssueWithNewKey(name, TimeSpan.FromDays(days));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        Directory.CreateDirectory(outputDirectory);
        SecretFile.Write(keyPath, credential.PrivateKeyPem!);
        SecretFile.WritePublic(certificatePath, credential.CertificatePem);
        SecretFile.WritePublic(chainPath, credential.ChainPem);
        output.WriteLine($"Issued reader credential '{name}' (serial {credential.Certificate.SerialNumber.ToString(16)}, until {credential.Certificate.NotAfter:yyyy-MM-dd}):");
        output.WriteLine($"  {certificatePath}\n  {keyPath} (private key, unencrypted: install it on the reader only)\n  {chainPath}");
        return 0;
    }

    /// <summary>Loads any hierarchy: refusing development ones is the server's job (Pki:Production); here it is only flagged.</summary>
    public static PkiHierarchy Load(string directory, string passphrase)
    {
        var hierarchy = PkiHierarchy.Load(directory, passphrase, production: false);
        if (hierarchy.IsDevelopment)
        {
            Console.Error.WriteLine("note: this is a development hierarchy; production servers refuse it.");
        }

        return hierarchy;
    }
}
