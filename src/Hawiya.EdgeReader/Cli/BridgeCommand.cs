using System.Net.WebSockets;
using System.Security.Cryptography;
using Hawiya.Card.Bridge;
using Hawiya.CardReader.Credentials;
using Hawiya.CardReader.Sessions;
using Hawiya.EdgeReader.Bridge;

namespace Hawiya.EdgeReader.Cli;

/// <summary>
/// <c>bridge</c>: the reader agent online. Each line typed is a pairing code from the login page;
/// the agent then shows the service and level the login is for and asks to confirm (a line "y"),
/// asks the PIN (or reads the fingerprint file) and reports the server's verdict.
/// </summary>
internal sealed class BridgeCommand(TextReader input, TextWriter output, TextWriter error, bool interactive, Func<Task<string?>> readPin)
{
    public async Task<int> RunAsync(PcscCardReader reader, CliOptions options, CancellationToken cancellationToken)
    {
        ReaderCredential credential;
        try
        {
            credential = ReaderCredential.Load(options.Credential!);
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"reader credential: {e.Message}").ConfigureAwait(false);
            return EdgeReaderCli.UsageError;
        }

        using (credential)
        {
            await using var agent = new BridgeAgent(
                options.Server!, credential,
                ct => reader.OpenSessionAsync(options.Reader, options.Timeout, ct),
                new Prompt(input, error, readPin, options.FingerprintFile));
            try
            {
                await agent.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is BridgeException or WebSocketException)
            {
                await error.WriteLineAsync($"bridge: {e.Message}").ConfigureAwait(false);
                return EdgeReaderCli.ReaderError;
            }

            await error.WriteLineAsync($"connected to {options.Server} as reader '{agent.ReaderName}'").ConfigureAwait(false);
            while (true)
            {
                if (interactive)
                {
                    await error.WriteAsync("code shown on the login page (empty line to stop): ").ConfigureAwait(false);
                }

                var code = (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
                if (string.IsNullOrEmpty(code))
                {
                    return EdgeReaderCli.Done;
                }

                try
                {
                    var outcome = await agent.PairAsync(code, cancellationToken).ConfigureAwait(false);
                    await output.WriteLineAsync(Describe(outcome)).ConfigureAwait(false);
                }
                catch (Exception e) when (e is BridgeException or WebSocketException)
                {
                    await error.WriteLineAsync($"bridge: {e.Message}").ConfigureAwait(false);
                    return EdgeReaderCli.ReaderError;
                }
            }
        }
    }

    private static string Describe(PairingOutcome outcome) => outcome.Reason switch
    {
        BridgeReasons.Accepted => "card accepted: continue on the login page",
        BridgeReasons.UnknownCode => "unknown or expired code: check the login page",
        BridgeReasons.HolderRefused => $"PIN or fingerprint refused: {outcome.TriesLeft} tries left",
        BridgeReasons.HolderBlocked => "PIN or fingerprint blocked: unblock it with the PUK at a registration office",
        BridgeReasons.HolderDeclined => "login declined: the card was not used",
        BridgeReasons.CardNotUsable => "this card cannot be used (suspended, revoked or expired)",
        _ => $"refused: {outcome.Reason}",
    };

    private sealed class Prompt(TextReader input, TextWriter error, Func<Task<string?>> readPin, string? fingerprintFile) : IHolderPrompt
    {
        /// <summary>One line: "y" or "yes" goes on; anything else, or nothing, declines.</summary>
        public async Task<bool> ConfirmAsync(CardLoginPurpose purpose, CancellationToken cancellationToken)
        {
            await error.WriteAsync($"log in to \"{purpose.Provider}\" at {purpose.Level} with this card? Answer y only if this is the service you are using [y/N]: ").ConfigureAwait(false);
            var answer = (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim();
            return answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
        }

        public Task<string?> ReadPinAsync(CancellationToken cancellationToken) => readPin();

        public async Task<byte[]?> ReadFingerprintAsync(CancellationToken cancellationToken) =>
            fingerprintFile is null ? null : await File.ReadAllBytesAsync(fingerprintFile, cancellationToken).ConfigureAwait(false);
    }
}
