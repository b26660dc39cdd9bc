using System.Globalization;
using Hawiya.Card.Profile;
using Hawiya.CardReader.Credentials;
using Hawiya.CardReader.Pcsc;
using Hawiya.CardReader.Sessions;
using Hawiya.OfflineKit.Checks;
using Hawiya.OfflineKit.Events;
using Hawiya.OfflineKit.Revocation;
using Hawiya.Pki.Hierarchy;
using Org.BouncyCastle.X509;

namespace Hawiya.OfflineKit.Cli;

/// <summary>
/// The offline kit's commands. The kit directory holds the card CA certificate, the cached CRLs
/// (<c>crl/</c>) and the queued events (<c>events/</c>). Standard output is for the agent at the
/// counter (the identity is shown there, after an accepted check); nothing personal is logged.
/// </summary>
public sealed class KitCli(TextReader input, TextWriter output, TextWriter error)
{
    public const string Usage = """
        usage: Hawiya.OfflineKit <command> --dir KIT_DIR [options]
          refresh --server URL --root ROOT.pem      fetch the card CA (checked against the root) and its CRLs
          check   --root ROOT.pem --credential PREFIX [--reader NAME] [--gate pin|fingerprint|none]
                  [--fingerprint-file PATH] [--stale refuse|accept-with-warning] [--grace-hours H]
                                                    read the card, check it offline, queue a signed event
                                                    (the PIN is read from standard input)
          sync    --server URL --credential PREFIX  send queued events; safe to repeat after a failure
        exit codes: 0 accepted/done, 1 refused, 2 usage, 3 reader or network trouble
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || !TryParse(args.Skip(1).ToArray(), out var options) || !options.TryGetValue("dir", out var dir))
        {
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        try
        {
            return args[0] switch
            {
                "refresh" => await RefreshAsync(dir, options, cancellationToken).ConfigureAwait(false),
                "check" => await CheckAsync(dir, options, cancellationToken).ConfigureAwait(false),
                "sync" => await SyncAsync(dir, options, cancellationToken).ConfigureAwait(false),
                _ => await UsageAsync().ConfigureAwait(false),
            };
        }
        catch (KeyNotFoundException e)
        {
            await error.WriteLineAsync($"{e.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is HttpRequestException or PcscException or TimeoutException or CrlVerificationException or CertificateValidationException or IOException)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 3;
        }
    }

    private async Task<int> UsageAsync()
    {
        await error.WriteLineAsync(Usage).ConfigureAwait(false);
        return 2;
    }

    private async Task<int> RefreshAsync(string dir, Dictionary<string, string> options, CancellationToken cancellationToken)
    {
        var server = new Uri(Require(options, "server"));
        var root = LoadCertificate(Require(options, "root"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var cardCaDer = await http.GetByteArrayAsync(new Uri(server, "/pki/ca/card-ca.crt"), cancellationToken).ConfigureAwait(false);
        var cardCa = new X509CertificateParser().ReadCertificate(cardCaDer);
        // SECURITY: the network is not trusted: the card CA counts only if the root issued it.
        new CertificateChainValidator(root, TimeProvider.System).Validate(cardCa);
        Directory.CreateDirectory(dir);
        CrlCache.AtomicWrite(Path.Combine(dir, "card-ca.crt"), cardCaDer);
        await new CrlCache(Path.Combine(dir, "crl"), cardCa, TimeProvider.System).RefreshAsync(http, server, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync("card CA and CRLs refreshed").ConfigureAwait(false);
        return 0;
    }

    private async Task<int> CheckAsync(string dir, Dictionary<string, string> options, CancellationToken cancellationToken)
    {
        var root = LoadCertificate(Require(options, "root"));
        var cardCa = new X509CertificateParser().ReadCertificate(await File.ReadAllBytesAsync(Path.Combine(dir, "card-ca.crt"), cancellationToken).ConfigureAwait(false));
        using var credential = ReaderCredential.Load(Require(options, "credential"));
        var gate = options.GetValueOrDefault("gate", "pin") switch
        {
            "none" => AuthenticationGate.None,
            "fingerprint" => AuthenticationGate.Fingerprint,
            _ => AuthenticationGate.Pin,
        };
        if (!StaleCrlPolicy.TryParseMode(options.GetValueOrDefault("stale", "refuse"), out var mode))
        {
            throw new KeyNotFoundException("--stale is refuse or accept-with-warning");
        }

        var grace = TimeSpan.FromHours(double.Parse(options.GetValueOrDefault("grace-hours", "0"), CultureInfo.InvariantCulture));
        var checker = new OfflineChecker(root, cardCa, new CrlCache(Path.Combine(dir, "crl"), cardCa, TimeProvider.System),
            new StaleCrlPolicy(mode, grace), new EventQueue(Path.Combine(dir, "events")), credential, TimeProvider.System);
        using var card = await new PcscCardReader().OpenSessionAsync(options.GetValueOrDefault("reader"), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        var pin = gate == AuthenticationGate.Pin ? (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim() : null;
        var fingerprint = gate == AuthenticationGate.Fingerprint ? await File.ReadAllBytesAsync(Require(options, "fingerprint-file"), cancellationToken).ConfigureAwait(false) : null;
        var result = checker.Check(card, gate, pin, fingerprint);
        await output.WriteLineAsync($"outcome:  {result.Outcome}").ConfigureAwait(false);
        if (result.Warning is { } warning)
        {
            await output.WriteLineAsync($"note:     {warning}").ConfigureAwait(false);
        }

        if (result.Identity is { } identity)
        {
            var holder = identity.Holder;
            await output.WriteLineAsync($"holder:   {string.Join(' ', holder.GivenNames)} {holder.FamilyName} (born {holder.BirthName})").ConfigureAwait(false);
            await output.WriteLineAsync($"born:     {holder.BirthDate:yyyy-MM-dd} in {holder.BirthPlace}, {holder.BirthCountry}").ConfigureAwait(false);
            await output.WriteLineAsync($"card:     {identity.CardNumber}, valid until {identity.ValidUntil:yyyy-MM-dd}").ConfigureAwait(false);
        }

        return result.Accepted ? 0 : 1;
    }

    private async Task<int> SyncAsync(string dir, Dictionary<string, string> options, CancellationToken cancellationToken)
    {
        using var credential = ReaderCredential.Load(Require(options, "credential"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var queue = new EventQueue(Path.Combine(dir, "events"));
        var recorded = await queue.SyncAsync(http, new Uri(Require(options, "server")), credential, cancellationToken: cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"synced: {recorded} new events recorded, {queue.Pending().Count} still queued").ConfigureAwait(false);
        return 0;
    }

    private static X509Certificate LoadCertificate(string path) =>
        new X509CertificateParser().ReadCertificate(File.ReadAllBytes(path));

    private static string Require(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"--{name} is required");

    private static bool TryParse(string[] args, out Dictionary<string, string> options)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return false;
            }

            options[args[i][2..]] = args[i + 1];
        }

        return true;
    }
}
