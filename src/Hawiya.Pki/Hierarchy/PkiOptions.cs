namespace Hawiya.Pki.Hierarchy;

/// <summary>
/// Where the hierarchy lives and how it is unlocked, as bound from configuration (section "Pki").
/// </summary>
public sealed class PkiOptions
{
    public const string SectionName = "Pki";

    /// <summary>Directory holding the certificates and the encrypted PKCS#8 keys.</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>The passphrase itself, for hosts that receive it from a secret store.</summary>
    public string? Passphrase { get; set; }

    /// <summary>A file holding the passphrase (first line), for hosts that mount secrets as files.</summary>
    public string? PassphraseFile { get; set; }

    /// <summary>In production, development hierarchies are refused and never generated.</summary>
    public bool Production { get; set; } = true;

    /// <summary>Checks the options and returns the passphrase.</summary>
    /// <exception cref="PkiConfigurationException">A setting is missing or unusable.</exception>
    public string ResolvePassphrase()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new PkiConfigurationException("Pki:Directory is not set.");
        }

        if (Passphrase is { Length: > 0 } && PassphraseFile is { Length: > 0 })
        {
            throw new PkiConfigurationException("Set either Pki:Passphrase or Pki:PassphraseFile, not both.");
        }

        if (PassphraseFile is { Length: > 0 } file)
        {
            return ReadPassphraseFile(file);
        }

        return Passphrase is { Length: > 0 } passphrase
            ? passphrase
            : throw new PkiConfigurationException("Neither Pki:Passphrase nor Pki:PassphraseFile is set.");
    }

    /// <summary>Reads the first line of a passphrase file.</summary>
    public static string ReadPassphraseFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new PkiConfigurationException($"Passphrase file '{path}' does not exist.");
        }

        using var reader = new StreamReader(path);
        var line = reader.ReadLine();
        return string.IsNullOrEmpty(line)
            ? throw new PkiConfigurationException($"Passphrase file '{path}' is empty.")
            : line;
    }
}
