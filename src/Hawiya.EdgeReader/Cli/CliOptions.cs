using System.Globalization;
using Hawiya.Card.Profile;

namespace Hawiya.EdgeReader.Cli;

/// <summary>Parsed command line of the edge reader CLI.</summary>
public sealed record CliOptions(
    string Command,
    string? Reader,
    TimeSpan Timeout,
    byte[]? Nonce,
    AuthenticationGate Gate,
    string? FingerprintFile)
{
    /// <summary>The cluster the bridge connects to (bridge only).</summary>
    public Uri? Server { get; init; }

    /// <summary>Path prefix of the reader credential: PREFIX.cert.pem, .key.pem, .chain.pem (bridge only).</summary>
    public string? Credential { get; init; }

    public const string Usage = """
        usage: Hawiya.EdgeReader <command> [options]
          list                                  readers and whether a card is in them
          read        [--reader NAME] [--timeout S]
                                                wait for a card; print its certificate subject
          verify-pin  [--reader NAME] [--timeout S]
                                                verify the PIN read from standard input
          sign --nonce HEX [--gate pin|fingerprint|none] [--fingerprint-file PATH]
                      [--reader NAME] [--timeout S]
                                                verify the holder, sign the nonce, print r||s in hex
          bridge --server URL --credential PREFIX [--reader NAME] [--timeout S] [--fingerprint-file PATH]
                                                online bridge: connect with the reader credential
                                                (PREFIX.cert.pem, .key.pem, .chain.pem), then read each
                                                pairing code shown on the login page, show the service
                                                and level it is for, ask to confirm (y), run the card
        exit codes: 0 done, 1 card error, 2 usage, 3 no service/reader/card, 4 PIN or fingerprint refused
        """;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Parses the arguments, or returns null with the reason in <paramref name="error"/>.</summary>
    public static CliOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        if (args.Count == 0 || args[0] is not ("list" or "read" or "verify-pin" or "sign" or "bridge"))
        {
            error = args.Count == 0 ? "no command given" : $"unknown command '{args[0]}'";
            return null;
        }

        var options = new CliOptions(args[0], null, DefaultTimeout, null, AuthenticationGate.Pin, null);
        for (var i = 1; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            if (value is null)
            {
                error = $"option '{args[i]}' needs a value";
                return null;
            }

            switch (args[i])
            {
                case "--reader":
                    options = options with { Reader = value };
                    break;
                case "--timeout" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--nonce" when TryParseHex(value, out var nonce) && CardAuthentication.IsValidNonceLength(nonce.Length):
                    options = options with { Nonce = nonce };
                    break;
                case "--gate" when Enum.TryParse<AuthenticationGate>(value, ignoreCase: true, out var gate) && Enum.IsDefined(gate):
                    options = options with { Gate = gate };
                    break;
                case "--server" when Uri.TryCreate(value, UriKind.Absolute, out var server) && server.Scheme is "http" or "https":
                    options = options with { Server = server };
                    break;
                case "--credential":
                    options = options with { Credential = value };
                    break;
                case "--fingerprint-file":
                    options = options with { FingerprintFile = value };
                    break;
                default:
                    error = $"invalid option '{args[i]} {value}'";
                    return null;
            }

            i++;
        }

        if (options.Command == "sign" && options.Nonce is null)
        {
            error = $"sign needs --nonce: {CnieProfile.MinNonceLength} to {CnieProfile.MaxNonceLength} bytes in hex";
            return null;
        }

        if (options.Command == "bridge" && (options.Server is null || options.Credential is null))
        {
            error = "bridge needs --server (http or https URL) and --credential PREFIX";
            return null;
        }

        if (options.Command == "sign" && options.Gate == AuthenticationGate.Fingerprint && options.FingerprintFile is null)
        {
            error = "--gate fingerprint needs --fingerprint-file";
            return null;
        }

        return options;
    }

    private static bool TryParseHex(string value, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(value);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
