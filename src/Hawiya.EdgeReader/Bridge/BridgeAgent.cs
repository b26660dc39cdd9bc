using System.Net.WebSockets;
using Hawiya.Card.Bridge;
using Hawiya.Card.Client;
using Hawiya.Card.Profile;
using Hawiya.CardReader.Credentials;
using Hawiya.CardReader.Sessions;

namespace Hawiya.EdgeReader.Bridge;

/// <summary>What a card login is for, as the server says: shown at the reader before the card is used.</summary>
/// <param name="Provider">The service provider's name, as its login pages show it.</param>
/// <param name="Level">The level of assurance the login gives (eidas1, eidas2, eidas3).</param>
/// <param name="Method">Card, CardPin or CardFingerprint.</param>
public sealed record CardLoginPurpose(string Provider, string Level, string Method);

/// <summary>
/// The person at the reader: confirms what the login is for, then proves they hold the card (PIN
/// typed on the reader, or a finger on its sensor).
/// </summary>
public interface IHolderPrompt
{
    /// <summary>
    /// Shows <paramref name="purpose"/> and asks whether to go on; false stops the login before the
    /// card is touched. SECURITY: the login page may be a phishing page showing the code of someone
    /// else's session; the service and level shown here come from the server (issue 26, finding 8).
    /// </summary>
    Task<bool> ConfirmAsync(CardLoginPurpose purpose, CancellationToken cancellationToken);

    /// <summary>The PIN, or null when the person gave up.</summary>
    Task<string?> ReadPinAsync(CancellationToken cancellationToken);

    /// <summary>A fingerprint template from the sensor, or null.</summary>
    Task<byte[]?> ReadFingerprintAsync(CancellationToken cancellationToken);
}

/// <summary>What became of one pairing: the server's last word, and the card's tries left after a refusal.</summary>
public sealed record PairingOutcome(string Reason, int TriesLeft = 0)
{
    public bool Accepted => Reason == BridgeReasons.Accepted;
}

/// <summary>The server refused the reader's credential, or the bridge broke.</summary>
public sealed class BridgeException(string message) : Exception(message);

/// <summary>
/// The reader agent's end of the online bridge (see <see cref="BridgeMessage"/>): connects to the
/// cluster, proves its reader credential, then for each code the citizen types from the login page
/// shows the service and level the login is for and, once the citizen confirms, has the card verify
/// the holder and sign the session's nonce. The PIN is typed here and goes
/// only to the card; the server receives the card's certificate, identity data and signature.
/// </summary>
public sealed class BridgeAgent(
    Uri server,
    ReaderCredential credential,
    Func<CancellationToken, Task<CardSession>> openCard,
    IHolderPrompt prompt) : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public string? ReaderName { get; private set; }

    /// <summary>Connects to <c>/edge/connect</c> and authenticates; throws <see cref="BridgeException"/> when refused.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var endpoint = new UriBuilder(server) { Scheme = server.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = "/edge/connect" }.Uri;
        _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        await _socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var challenge = await ExpectAsync(BridgeTypes.Challenge, cancellationToken).ConfigureAwait(false);
        if (challenge.Challenge is not { } nonce)
        {
            throw new BridgeException("The server sent no challenge.");
        }

        await SendAsync(new BridgeMessage
        {
            Type = BridgeTypes.Hello,
            Chain = credential.ChainDer(),
            Signature = ReaderProof.Sign(credential.Key, nonce),
        }, cancellationToken).ConfigureAwait(false);
        var ready = await ExpectAsync(BridgeTypes.Ready, cancellationToken).ConfigureAwait(false);
        ReaderName = ready.Reader;
    }

    /// <summary>Claims the pairing code, runs the card, and returns the server's verdict.</summary>
    public async Task<PairingOutcome> PairAsync(string code, CancellationToken cancellationToken)
    {
        await SendAsync(new BridgeMessage { Type = BridgeTypes.Pair, Code = code }, cancellationToken).ConfigureAwait(false);
        var request = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (request.Type == BridgeTypes.Error)
        {
            return new PairingOutcome(request.Reason ?? BridgeReasons.Refused);
        }

        if (request is not { Type: BridgeTypes.Sign, Nonce: { } nonce } || GateOf(request.Method) is not { } gate)
        {
            throw new BridgeException($"Unexpected '{request.Type}' from the server.");
        }

        // A request that does not say what it is for is not shown, so it is declined.
        var confirmed = request is { Provider.Length: > 0, Level.Length: > 0 }
            && await prompt.ConfirmAsync(new CardLoginPurpose(request.Provider, request.Level, request.Method!), cancellationToken).ConfigureAwait(false);
        var answer = confirmed
            ? await RunCardAsync(gate, nonce, cancellationToken).ConfigureAwait(false)
            : new BridgeMessage { Type = BridgeTypes.Failed, Reason = BridgeReasons.HolderDeclined };
        await SendAsync(answer, cancellationToken).ConfigureAwait(false);
        var done = await ExpectAsync(BridgeTypes.Done, cancellationToken).ConfigureAwait(false);
        return new PairingOutcome(done.Reason ?? BridgeReasons.Refused, answer.TriesLeft ?? 0);
    }

    /// <summary>Drops the connection at once, as a pulled cable would.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        await BridgeSocket.CloseAsync(_socket, WebSocketCloseStatus.NormalClosure, "agent stopping").ConfigureAwait(false);
        _socket.Dispose();
    }

    /// <summary>The card gate each login method runs (the server's AuthMethod names).</summary>
    private static AuthenticationGate? GateOf(string? method) => method switch
    {
        "CardPin" => AuthenticationGate.Pin,
        "CardFingerprint" => AuthenticationGate.Fingerprint,
        "Card" => AuthenticationGate.None,
        _ => null,
    };

    private async Task<BridgeMessage> RunCardAsync(AuthenticationGate gate, byte[] nonce, CancellationToken cancellationToken)
    {
        try
        {
            using var session = await openCard(cancellationToken).ConfigureAwait(false);
            VerificationResult? holder = gate switch
            {
                AuthenticationGate.Pin => await prompt.ReadPinAsync(cancellationToken).ConfigureAwait(false) is { } pin && PinBlock.IsValidPin(pin)
                    ? session.VerifyPin(pin)
                    : null,
                AuthenticationGate.Fingerprint => await prompt.ReadFingerprintAsync(cancellationToken).ConfigureAwait(false) is { Length: > 0 } template
                    ? session.VerifyFingerprint(template)
                    : null,
                _ => new VerificationResult(VerificationStatus.Verified, 0),
            };
            if (holder is not { } result)
            {
                return new BridgeMessage { Type = BridgeTypes.Failed, Reason = BridgeReasons.HolderRefused };
            }

            if (!result.IsVerified)
            {
                var reason = result.Status == VerificationStatus.Blocked || result.TriesLeft == 0 ? BridgeReasons.HolderBlocked : BridgeReasons.HolderRefused;
                return new BridgeMessage { Type = BridgeTypes.Failed, Reason = reason, TriesLeft = result.TriesLeft };
            }

            var signature = session.SignNonce(nonce, gate);
            return new BridgeMessage
            {
                Type = BridgeTypes.Signed,
                Certificate = session.Client.ReadCertificate(),
                Identity = session.ReadIdentity(),
                Signature = signature,
            };
        }
        catch (Exception e) when (e is CardStatusException or InvalidDataException or TimeoutException or CardReader.Pcsc.PcscException)
        {
            return new BridgeMessage { Type = BridgeTypes.Failed, Reason = BridgeReasons.CardError };
        }
    }

    private Task SendAsync(BridgeMessage message, CancellationToken cancellationToken) =>
        BridgeSocket.SendAsync(_socket, message, cancellationToken);

    private async Task<BridgeMessage> ReceiveAsync(CancellationToken cancellationToken) =>
        await BridgeSocket.ReceiveAsync(_socket, cancellationToken).ConfigureAwait(false)
            ?? throw new BridgeException(_socket.CloseStatus == WebSocketCloseStatus.PolicyViolation
                ? "The server refused the reader credential."
                : $"The server closed the bridge ({_socket.CloseStatusDescription}).");

    private async Task<BridgeMessage> ExpectAsync(string type, CancellationToken cancellationToken)
    {
        var message = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
        return message.Type == type ? message : throw new BridgeException($"Expected '{type}', got '{message.Type}' ({message.Reason}).");
    }
}
