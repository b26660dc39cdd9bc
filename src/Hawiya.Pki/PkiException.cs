namespace Hawiya.Pki;

/// <summary>
/// The PKI material or its configuration is unusable: missing files, a wrong passphrase,
/// a key that does not match its certificate, a development hierarchy in production.
/// </summary>
public sealed class PkiConfigurationException : Exception
{
    public PkiConfigurationException(string message)
        : base(message)
    {
    }

    public PkiConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
