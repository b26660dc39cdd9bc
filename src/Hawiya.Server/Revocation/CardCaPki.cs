using Hawiya.Pki.Hierarchy;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Revocation;

/// <summary>The hierarchy this silo answers for: loaded, or created in Development, once at start.</summary>
public sealed class CardCaPki : IDisposable
{
    public CardCaPki(IOptions<PkiSettings> settings, IHostEnvironment environment, TimeProvider time)
    {
        var value = settings.Value;
        var options = new PkiOptions
        {
            Directory = value.ResolveDirectory(environment),
            // PkiOptions refuses both at once; the file wins, as the more deliberate setting.
            Passphrase = string.IsNullOrEmpty(value.PassphraseFile) ? value.Passphrase : null,
            PassphraseFile = value.PassphraseFile,
            // SECURITY: only Development may generate a hierarchy or accept a development one.
            Production = !environment.IsDevelopment(),
        };
        Hierarchy = options.Production
            ? PkiHierarchy.Load(options)
            : new DevelopmentPkiProvisioner(time).LoadOrCreate(options);
    }

    public PkiHierarchy Hierarchy { get; }

    public PkiAuthority CardCa => Hierarchy.CardCa;

    public void Dispose() => Hierarchy.Dispose();
}
