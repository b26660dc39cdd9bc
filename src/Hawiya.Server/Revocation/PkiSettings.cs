using System.ComponentModel.DataAnnotations;
using Hawiya.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Revocation;

/// <summary>The PKI hierarchy this silo publishes CRLs and OCSP answers for (section <c>Hawiya:Pki</c>).</summary>
public sealed class PkiSettings
{
    public const string Section = "Hawiya:Pki";

    /// <summary>
    /// Directory of the hierarchy (certificates and encrypted keys). Required outside Development;
    /// in Development it defaults to one directory in the system's temporary folder, shared by every
    /// silo on the machine so that they all serve the same CA.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Passphrase of the encrypted keys; the default is refused outside Development.</summary>
    public string? Passphrase { get; set; } = DevelopmentPassphrase;

    /// <summary>A file holding the passphrase (first line), instead of <see cref="Passphrase"/>.</summary>
    public string? PassphraseFile { get; set; }

    /// <summary>
    /// How often each silo asks the revocation list for its version. This bounds how long a change
    /// takes to reach this silo's OCSP answers and CRLs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Public base URL of this service (for example https://pki.example), used to name the delta
    /// CRL in full CRLs (Freshest CRL, RFC 5280 §5.2.6). Without it full CRLs do not point to deltas.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    internal const string DevelopmentPassphrase = DevelopmentSecrets.Marker + "-pki-passphrase";

    internal string ResolveDirectory(IHostEnvironment environment) =>
        Directory is { Length: > 0 } directory
            ? Path.GetFullPath(directory, environment.ContentRootPath)
            : Path.Combine(Path.GetTempPath(), "hawiya-pki-development");
}

/// <summary>SECURITY: outside Development, the PKI must be configured and unlocked with a real passphrase.</summary>
internal sealed class PkiSettingsValidation(IHostEnvironment environment) : IValidateOptions<PkiSettings>
{
    public ValidateOptionsResult Validate(string? name, PkiSettings options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            failures.Add($"{PkiSettings.Section}:Directory must name the hierarchy made with 'hawiya-pki init' outside Development.");
        }

        if (string.IsNullOrEmpty(options.PassphraseFile) && DevelopmentSecrets.IsMarked(options.Passphrase))
        {
            failures.Add($"{PkiSettings.Section}:Passphrase is a development default; set a real passphrase outside Development.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
