using System.Security.Cryptography.X509Certificates;
using Hawiya.Card.Client;
using Hawiya.Card.Profile;
using Hawiya.EdgeReader.Bridge;
using Hawiya.CardReader.Pcsc;
using Hawiya.CardReader.Sessions;

namespace Hawiya.EdgeReader.Cli;

/// <summary>
/// The edge reader's commands. Results go to standard output for the person at the reader;
/// diagnostics go to standard error and carry no personal data (no subject, no identity data).
/// </summary>
public sealed class EdgeReaderCli(TextReader input, TextWriter output, TextWriter error, bool interactive)
{
    public const int Done = 0;
    public const int CardError = 1;
    public const int UsageError = 2;
    public const int ReaderError = 3;
    public const int HolderRefused = 4;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = CliOptions.Parse(args, out var problem);
        if (options is null)
        {
            await error.WriteLineAsync($"{problem}\n{CliOptions.Usage}").ConfigureAwait(false);
            return UsageError;
        }

        var reader = new PcscCardReader();
        try
        {
            if (options.Command == "list")
            {
                return await ListAsync(reader).ConfigureAwait(false);
            }

            if (options.Command == "bridge")
            {
                return await new BridgeCommand(input, output, error, interactive, ReadPinAsync).RunAsync(reader, options, cancellationToken).ConfigureAwait(false);
            }

            using var session = await reader.OpenSessionAsync(options.Reader, options.Timeout, cancellationToken).ConfigureAwait(false);
            await error.WriteLineAsync($"card found in '{session.ReaderName}'").ConfigureAwait(false);
            return options.Command switch
            {
                "read" => await ReadAsync(session).ConfigureAwait(false),
                "verify-pin" => await VerifyPinAsync(session).ConfigureAwait(false),
                _ => await SignAsync(session, options).ConfigureAwait(false),
            };
        }
        catch (Exception e) when (e is PcscException or TimeoutException)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ReaderError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return ReaderError;
        }
        catch (Exception e) when (e is CardStatusException or InvalidDataException or System.Security.Cryptography.CryptographicException)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return CardError;
        }
    }

    private async Task<int> ListAsync(PcscCardReader reader)
    {
        var readers = reader.ListReaders();
        if (readers.Count == 0)
        {
            await error.WriteLineAsync(PcscException.FromErrorCode(PcscException.NoReadersAvailable, "SCardListReaders").Message)
                .ConfigureAwait(false);
            return ReaderError;
        }

        foreach (var status in readers)
        {
            var state = status.IsCardPresent ? $"card present, ATR {Convert.ToHexString(status.Atr)}" : "empty";
            await output.WriteLineAsync($"{status.Reader}: {state}").ConfigureAwait(false);
        }

        return Done;
    }

    private async Task<int> ReadAsync(CardSession session)
    {
        using var certificate = session.ReadCertificate();
        var identityLength = session.ReadIdentity().Length;
        await output.WriteLineAsync($"subject:   {certificate.Subject}").ConfigureAwait(false);
        await output.WriteLineAsync($"issuer:    {certificate.Issuer}").ConfigureAwait(false);
        await output.WriteLineAsync($"serial:    {certificate.SerialNumber}").ConfigureAwait(false);
        await output.WriteLineAsync($"valid:     {certificate.NotBefore:u} to {certificate.NotAfter:u}").ConfigureAwait(false);
        await output.WriteLineAsync($"identity:  {identityLength} bytes of signed identity data").ConfigureAwait(false);
        return Done;
    }

    private async Task<int> VerifyPinAsync(CardSession session)
    {
        var pin = await ReadPinAsync().ConfigureAwait(false);
        if (pin is null)
        {
            return UsageError;
        }

        var result = session.VerifyPin(pin);
        await output.WriteLineAsync(Describe("PIN", result)).ConfigureAwait(false);
        return result.IsVerified ? Done : HolderRefused;
    }

    private async Task<int> SignAsync(CardSession session, CliOptions options)
    {
        VerificationResult? verification = options.Gate switch
        {
            AuthenticationGate.Pin => await ReadPinAsync().ConfigureAwait(false) is { } pin ? session.VerifyPin(pin) : null,
            AuthenticationGate.Fingerprint => session.VerifyFingerprint(await File.ReadAllBytesAsync(options.FingerprintFile!).ConfigureAwait(false)),
            _ => new VerificationResult(VerificationStatus.Verified, 0),
        };
        if (verification is not { } checkedHolder)
        {
            return UsageError;
        }

        if (!checkedHolder.IsVerified)
        {
            await output.WriteLineAsync(Describe(options.Gate.ToString(), checkedHolder)).ConfigureAwait(false);
            return HolderRefused;
        }

        var signature = session.SignNonce(options.Nonce!, options.Gate);
        using var certificate = session.ReadCertificate();
        var valid = CardAuthentication.Verify(certificate, options.Gate, options.Nonce, signature);
        await output.WriteLineAsync($"signature: {Convert.ToHexString(signature)}").ConfigureAwait(false);
        await output.WriteLineAsync($"checked against the card certificate: {(valid ? "valid" : "INVALID")}").ConfigureAwait(false);
        return valid ? Done : CardError;
    }

    /// <summary>
    /// SECURITY: the PIN comes from standard input, never from the command line, where every
    /// user of the machine could read it in the process list; on a terminal it is not echoed.
    /// </summary>
    private async Task<string?> ReadPinAsync()
    {
        string? pin;
        if (interactive)
        {
            await error.WriteAsync("PIN: ").ConfigureAwait(false);
            pin = SecretPrompt.ReadMasked();
            await error.WriteLineAsync().ConfigureAwait(false);
        }
        else
        {
            pin = (await input.ReadLineAsync().ConfigureAwait(false))?.Trim();
        }

        if (!PinBlock.IsValidPin(pin))
        {
            await error.WriteLineAsync($"a PIN is {CnieProfile.MinPinLength} to {CnieProfile.MaxPinLength} digits").ConfigureAwait(false);
            return null;
        }

        return pin;
    }

    private static string Describe(string what, VerificationResult result) => result.Status switch
    {
        VerificationStatus.Verified => $"{what} verified",
        VerificationStatus.Blocked => $"{what} blocked: unblock it with the PUK at a registration office",
        _ => $"{what} refused: {result.TriesLeft} tries left",
    };
}
