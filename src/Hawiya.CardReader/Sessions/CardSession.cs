using System.Security.Cryptography.X509Certificates;
using Hawiya.Card.Client;
using Hawiya.Card.Profile;

namespace Hawiya.CardReader.Sessions;

/// <summary>
/// One conversation with one CNIE, the application already selected: what the CLI, the online
/// bridge to the server and the offline kit do with a card. It is transport-agnostic (PC/SC here;
/// a phone's NFC can supply another <see cref="ICardTransport"/>) and owns the resources that
/// keep the card connected, released on dispose.
/// </summary>
public sealed class CardSession : IDisposable
{
    private readonly IDisposable? _resources;

    public CardSession(ICardTransport transport, string readerName, IDisposable? resources = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ReaderName = readerName;
        Client = new CnieCardClient(transport);
        _resources = resources;
    }

    /// <summary>Where the card is; a reader name is not personal data and may be logged.</summary>
    public string ReaderName { get; }

    /// <summary>The profile-level client, for operations this class does not wrap.</summary>
    public CnieCardClient Client { get; }

    /// <summary>SELECTs the eID application; a session is usable only after this succeeded.</summary>
    public static CardSession Open(ICardTransport transport, string readerName, IDisposable? resources = null)
    {
        var session = new CardSession(transport, readerName, resources);
        try
        {
            session.Client.SelectApplication();
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The card authentication certificate. Its subject names the holder: personal data.</summary>
    public X509Certificate2 ReadCertificate() => X509CertificateLoader.LoadCertificate(Client.ReadCertificate());

    /// <summary>The issuer-signed identity data; personal data, never to be logged.</summary>
    public byte[] ReadIdentity() => Client.ReadIdentity();

    public VerificationResult VerifyPin(string pin) => Client.VerifyPin(pin);

    public VerificationResult VerifyFingerprint(ReadOnlySpan<byte> template) => Client.VerifyFingerprint(template);

    /// <summary>
    /// Has the card sign a server nonce. For a gated signature, verify the PIN or fingerprint on
    /// this session first; the card allows one gated signature per verification.
    /// </summary>
    public byte[] SignNonce(ReadOnlySpan<byte> nonce, AuthenticationGate gate) => Client.InternalAuthenticate(nonce, gate);

    public void Dispose() => _resources?.Dispose();
}
