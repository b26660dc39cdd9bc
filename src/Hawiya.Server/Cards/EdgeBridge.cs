using System.Net.WebSockets;
using System.Security.Cryptography;
using Hawiya.Card.Bridge;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Sessions;
using Hawiya.Pki.Hierarchy;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.X509;

namespace Hawiya.Server.Cards;

/// <summary>
/// The server end of a reader agent's long-lived WebSocket (<c>/edge/connect</c>). The agent proves
/// its reader credential, then, for each pairing code the citizen types into it, receives the
/// session's nonce and returns the card's answer. The agent is connected to one silo and the login
/// page may be served by another: nothing here is routed between silos, because the agent drives
/// every step and the session grain, reachable from any silo, is where the page reads the outcome.
/// </summary>
public sealed partial class EdgeBridge(
    CardTrust trust,
    CardProofVerifier verifier,
    IGrainFactory grains,
    EdgeConnections connections,
    IOptions<EdgeBridgeSettings> settings,
    TimeProvider time,
    ILogger<EdgeBridge> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required",
                detail: "The edge bridge speaks WebSocket (RFC 6455); send an Upgrade request.").ExecuteAsync(http);
            return;
        }

        var admission = connections.TryEnter(http.Connection.RemoteIpAddress, out var lease);
        if (admission != EdgeAdmission.Admitted)
        {
            LogReaderNotAdmitted(admission);
            // RFC 6455 §4.1: anything but 101 fails the handshake; RFC 6585 §4 / RFC 9110 §15.6.4 say why.
            http.Response.Headers.RetryAfter = "30";
            await Results.Problem(
                statusCode: admission == EdgeAdmission.AddressFull ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable,
                title: admission == EdgeAdmission.AddressFull ? "Too many reader connections from this address" : "This silo holds all the reader connections it can").ExecuteAsync(http);
            return;
        }

        using var _ = lease;
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var cancel = http.RequestAborted;
        var reader = await AuthenticateAsync(socket, cancel);
        if (reader is null)
        {
            return;
        }

        LogReaderConnected(reader);
        string? pendingSession = null;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var message = await BridgeSocket.ReceiveAsync(socket, cancel);
                if (message is null)
                {
                    break;
                }

                if (message.Type != BridgeTypes.Pair)
                {
                    await BridgeSocket.SendAsync(socket, new BridgeMessage { Type = BridgeTypes.Error, Reason = "expected pair" }, cancel);
                    continue;
                }

                var code = PairingCodes.Normalize(message.Code);
                var sessionId = code is null ? null : await grains.GetGrain<ICardPairingGrain>(code).ClaimAsync();
                var request = sessionId is null ? null : await grains.GetGrain<IAuthSessionCardGrain>(sessionId).PairReaderAsync(code!, reader);
                if (request is null)
                {
                    await BridgeSocket.SendAsync(socket, new BridgeMessage { Type = BridgeTypes.Error, Reason = BridgeReasons.UnknownCode }, cancel);
                    continue;
                }

                pendingSession = sessionId;
                var outcome = await RunCardAsync(socket, sessionId!, request, cancel);
                pendingSession = null;
                if (outcome is null)
                {
                    await FailAsync(sessionId!, CardLoginFailure.ReaderDisconnected, 0);
                    break;
                }

                await BridgeSocket.SendAsync(socket, new BridgeMessage { Type = BridgeTypes.Done, Reason = outcome }, cancel);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            LogReaderLost(reader);
        }
        finally
        {
            // SECURITY and clarity: a reader gone mid-operation fails that login at once; the page
            // says so instead of waiting for the nonce to expire.
            if (pendingSession is not null)
            {
                await FailAsync(pendingSession, CardLoginFailure.ReaderDisconnected, 0);
            }

            LogReaderDisconnected(reader);
        }
    }

    /// <summary>Sends the nonce, waits for the card's answer, verifies it; null when the reader went away.</summary>
    private async Task<string?> RunCardAsync(WebSocket socket, string sessionId, CardSigningRequest request, CancellationToken cancel)
    {
        // SECURITY: the agent shows what the login is for and asks the citizen before the PIN (issue 26, finding 8).
        await BridgeSocket.SendAsync(socket, new BridgeMessage
        {
            Type = BridgeTypes.Sign,
            Method = request.Method.ToString(),
            Nonce = request.Nonce,
            Provider = request.ProviderName,
            Level = request.Level == LevelOfAssurance.None ? null : request.Level.ToAcr(),
        }, cancel);
        using var budget = new CancellationTokenSource(AuthSessionGrain.CardChallengeLifetime, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, budget.Token);
        BridgeMessage? answer;
        try
        {
            answer = await BridgeSocket.ReceiveAsync(socket, linked.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            await FailAsync(sessionId, CardLoginFailure.Expired, 0);
            return CardLoginFailure.Expired.ToString();
        }

        if (answer is null)
        {
            return null;
        }

        var session = grains.GetGrain<IAuthSessionCardGrain>(sessionId);
        if (answer.Type == BridgeTypes.Failed)
        {
            var failure = answer.Reason switch
            {
                BridgeReasons.HolderRefused => CardLoginFailure.HolderRefused,
                BridgeReasons.HolderBlocked => CardLoginFailure.HolderBlocked,
                BridgeReasons.HolderDeclined => CardLoginFailure.HolderDeclined,
                _ => CardLoginFailure.CardError,
            };
            await FailAsync(sessionId, failure, Math.Max(0, answer.TriesLeft ?? 0));
            return answer.Reason ?? BridgeReasons.CardError;
        }

        if (answer is not { Type: BridgeTypes.Signed, Certificate: { } certificate, Identity: { } identity, Signature: { } signature })
        {
            await FailAsync(sessionId, CardLoginFailure.CardError, 0);
            return BridgeReasons.CardError;
        }

        var verification = await verifier.VerifyAsync(request, new CardAnswer(certificate, identity, signature));
        if (verification.Proof is not { } proof)
        {
            await FailAsync(sessionId, verification.Failure, 0);
            return Reason(verification.Failure);
        }

        var passed = await session.PassCardAsync(proof);
        if (passed.Succeeded)
        {
            return BridgeReasons.Accepted;
        }

        var view = await session.GetCardAsync();
        return view.Failure == CardLoginFailure.None ? BridgeReasons.Refused : Reason(view.Failure);
    }

    private async Task<string?> AuthenticateAsync(WebSocket socket, CancellationToken cancel)
    {
        // SECURITY: the deadline runs from the upgrade, so a socket that never says hello holds its
        // place for HandshakeTimeout at most, then is closed.
        using var budget = new CancellationTokenSource(settings.Value.HandshakeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, budget.Token);
        var challenge = RandomNumberGenerator.GetBytes(ReaderProof.ChallengeBytes);
        BridgeMessage? hello;
        try
        {
            await BridgeSocket.SendAsync(socket, new BridgeMessage { Type = BridgeTypes.Challenge, Challenge = challenge }, linked.Token);
            hello = await BridgeSocket.ReceiveAsync(socket, linked.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            if (budget.IsCancellationRequested && !cancel.IsCancellationRequested)
            {
                LogReaderRefused("no hello before the handshake deadline");
                await BridgeSocket.CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "handshake timeout");
            }

            return null;
        }

        string? problem;
        string? reader = null;
        if (hello is not { Type: BridgeTypes.Hello, Chain: { Length: > 0 } chain, Signature: { } signature })
        {
            problem = "expected hello with a certificate chain and a signature";
        }
        else
        {
            try
            {
                var (leaf, name) = trust.ValidateReader(chain);
                problem = VerifyProof(leaf, challenge, signature) ? null : "the signature does not match the reader credential";
                reader = name;
            }
            catch (CertificateValidationException e)
            {
                problem = e.Message;
            }
        }

        if (problem is not null)
        {
            LogReaderRefused(problem);
            await BridgeSocket.CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, "reader credential refused");
            return null;
        }

        await BridgeSocket.SendAsync(socket, new BridgeMessage { Type = BridgeTypes.Ready, Reader = reader }, cancel);
        return reader;
    }

    private static bool VerifyProof(X509Certificate leaf, byte[] challenge, byte[] signature)
    {
        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(leaf.GetPublicKey()).GetDerEncoded();
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out _);
            return ReaderProof.Verify(key, challenge, signature);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private Task FailAsync(string sessionId, CardLoginFailure failure, int triesLeft) =>
        grains.GetGrain<IAuthSessionCardGrain>(sessionId).FailCardAsync(failure, triesLeft);

    private static string Reason(CardLoginFailure failure) => failure switch
    {
        CardLoginFailure.CardNotUsable => BridgeReasons.CardNotUsable,
        CardLoginFailure.WrongHolder => BridgeReasons.WrongHolder,
        CardLoginFailure.ProofInvalid => BridgeReasons.ProofInvalid,
        _ => BridgeReasons.Refused,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge reader {Reader} connected")]
    private partial void LogReaderConnected(string reader);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge reader {Reader} disconnected")]
    private partial void LogReaderDisconnected(string reader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge reader connection to {Reader} lost")]
    private partial void LogReaderLost(string reader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge reader socket not admitted: {Admission}")]
    private partial void LogReaderNotAdmitted(EdgeAdmission admission);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge reader refused: {Problem}")]
    private partial void LogReaderRefused(string problem);
}
