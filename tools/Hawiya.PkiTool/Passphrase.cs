using Hawiya.Pki.Hierarchy;

namespace Hawiya.PkiTool;

/// <summary>Where the key passphrase comes from: --passphrase-file, else HAWIYA_PKI_PASSPHRASE.</summary>
internal static class Passphrase
{
    public const string EnvironmentVariable = "HAWIYA_PKI_PASSPHRASE";

    // SECURITY: never a command-line value, which other local users could read from the process list.
    public static string Resolve(CommandLine command)
    {
        var file = command.Optional("passphrase-file");
        if (file is not null)
        {
            return PkiOptions.ReadPassphraseFile(file);
        }

        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrEmpty(value)
            ? throw new UsageException($"No passphrase: set {EnvironmentVariable} or pass --passphrase-file.")
            : value;
    }
}
