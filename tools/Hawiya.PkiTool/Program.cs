using Hawiya.Pki;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Identity;
using Hawiya.PkiTool;
using Hawiya.PkiTool.Commands;

var switches = new HashSet<string>(StringComparer.Ordinal) { "development" };
var options = new Dictionary<string, string[]>(StringComparer.Ordinal)
{
    ["init"] = ["dir", "development", "country", "organization", "passphrase-file"],
    ["personalise"] = ["dir", "identity", "out", "crl-url", "ocsp-url", "passphrase-file"],
    ["reader"] = ["dir", "name", "out", "validity-days", "passphrase-file"],
    ["crl"] = ["dir", "number", "out", "revoked", "delta-base", "delta-url", "issuer", "passphrase-file"],
    ["verify-card"] = ["dir", "card"],
};
options["personalize"] = options["personalise"];
if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
{
    Console.Out.Write(Usage.Text);
    return args.Length == 0 ? 2 : 0;
}

try
{
    if (!options.TryGetValue(args[0], out var known))
    {
        throw new UsageException($"Unknown command '{args[0]}'.");
    }

    var command = new CommandLine(args.Skip(1), known.ToHashSet(StringComparer.Ordinal), switches);
    return args[0] switch
    {
        "init" => HierarchyCommands.Init(command, Console.Out),
        "personalise" or "personalize" => HierarchyCommands.Personalise(command, Console.Out),
        "reader" => HierarchyCommands.Reader(command, Console.Out),
        "crl" => RevocationCommands.Crl(command, Console.Out),
        "verify-card" => RevocationCommands.VerifyCard(command, Console.Out),
        _ => throw new UsageException($"Unknown command '{args[0]}'."),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine("Run 'hawiya-pki --help' for usage.");
    return 2;
}
catch (Exception ex) when (ex is PkiConfigurationException or CertificateValidationException or IdentityDocumentVerificationException
    or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}
