namespace Hawiya.Pki.Hierarchy;

/// <summary>
/// Gives a development host a working hierarchy: generated on first run, loaded afterwards.
/// </summary>
public sealed class DevelopmentPkiProvisioner(TimeProvider time)
{
    /// <summary>Loads the development hierarchy in <see cref="PkiOptions.Directory"/>, creating it on first run.</summary>
    /// <exception cref="PkiConfigurationException">
    /// <see cref="PkiOptions.Production"/> is set: production keys are made by an operator with
    /// <c>hawiya-pki init</c>, never on the fly by a server.
    /// </exception>
    public PkiHierarchy LoadOrCreate(PkiOptions options, PkiHierarchyOptions? hierarchyOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // SECURITY: a server that generates its own root in production would silently replace the
        // national trust anchor after a lost volume; refuse before touching the disk.
        if (options.Production)
        {
            throw new PkiConfigurationException(
                "Development PKI provisioning is disabled in production (Pki:Production is true). " +
                "Create the hierarchy with 'hawiya-pki init' and configure Pki:Directory and the passphrase.");
        }

        var passphrase = options.ResolvePassphrase();
        if (PkiHierarchy.ExistsIn(options.Directory))
        {
            return PkiHierarchy.Load(options.Directory, passphrase, production: false);
        }

        var created = PkiHierarchy.Create((hierarchyOptions ?? new PkiHierarchyOptions()) with { Development = true }, time);
        try
        {
            created.Save(options.Directory, passphrase);
            return created;
        }
        catch (Exception ex) when (ex is IOException or PkiConfigurationException && PkiHierarchy.ExistsIn(options.Directory))
        {
            // Another process (a second silo starting at the same moment) won the rename: use its hierarchy.
            created.Dispose();
            return PkiHierarchy.Load(options.Directory, passphrase, production: false);
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }
}
