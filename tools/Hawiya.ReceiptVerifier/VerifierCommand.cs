using System.Globalization;
using Hawiya.Receipts;

namespace Hawiya.ReceiptVerifier;

/// <summary>
/// <c>hawiya-receipt-verify --jwks FILE|URL RECEIPT...</c>: checks receipts against the
/// platform's receipt JWKS. The receipts given (files holding one receipt each, or a chain one
/// receipt per line, oldest first; <c>-</c> for standard input) are checked as one chain in the
/// order given, unless <c>--each</c> asks for independent checks.
/// Exit code 0: all valid; 1: a receipt or a link failed; 2: bad usage or unreadable input.
/// </summary>
public static class VerifierCommand
{
    public const int Valid = 0;
    public const int Invalid = 1;
    public const int UsageError = 2;

    public const string Usage = """
        usage: hawiya-receipt-verify --jwks FILE|URL [--each] RECEIPT...
          --jwks   the receipt keys: a JWK Set file, or its URL (https://…/receipts/jwks)
          --each   check each receipt on its own instead of as one chain
          RECEIPT  a file with one receipt (compact JWS) or a chain (one per line, oldest first); - reads stdin
        exit code: 0 valid, 1 invalid, 2 usage or input error
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpClient http, TextReader? input = null)
    {
        string? jwksSource = null;
        var each = false;
        var sources = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--jwks" when i + 1 < args.Length:
                    jwksSource = args[++i];
                    break;
                case "--each":
                    each = true;
                    break;
                case "-h" or "--help":
                    await output.WriteLineAsync(Usage);
                    return Valid;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    await error.WriteLineAsync($"unknown or incomplete option {option}\n{Usage}");
                    return UsageError;
                default:
                    sources.Add(args[i]);
                    break;
            }
        }

        if (jwksSource is null || sources.Count == 0)
        {
            await error.WriteLineAsync(Usage);
            return UsageError;
        }

        Receipts.ReceiptVerifier verifier;
        var receipts = new List<string>();
        try
        {
            verifier = Receipts.ReceiptVerifier.FromJwks(await ReadJwksAsync(jwksSource, http));
            foreach (var source in sources)
            {
                var text = source == "-" ? await (input ?? Console.In).ReadToEndAsync() : await File.ReadAllTextAsync(source);
                receipts.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or HttpRequestException or FormatException or TaskCanceledException or UriFormatException)
        {
            await error.WriteLineAsync("error: " + exception.Message);
            return UsageError;
        }

        if (receipts.Count == 0)
        {
            await error.WriteLineAsync("error: no receipt found in the input");
            return UsageError;
        }

        var checks = each
            ? receipts.Select((r, i) => verifier.Verify(r, i)).ToArray()
            : verifier.VerifyChain(receipts).Receipts;
        foreach (var check in checks)
        {
            await output.WriteLineAsync(Describe(check));
        }

        var valid = checks.All(c => c.IsValid);
        var what = each ? $"{checks.Count} receipts" : $"chain of {checks.Count} receipts";
        await output.WriteLineAsync(valid ? $"{what}: VALID" : $"{what}: INVALID");
        return valid ? Valid : Invalid;
    }

    private static async Task<string> ReadJwksAsync(string source, HttpClient http) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? await http.GetStringAsync(uri)
            : await File.ReadAllTextAsync(source);

    private static string Describe(ReceiptCheck check) => check.Receipt is { } r && check.IsValid
        ? string.Create(CultureInfo.InvariantCulture, $"receipt {check.Index}: ok  id={r.Id} client={r.ClientId} acr={r.Acr} amr={string.Join(' ', r.Amr)} at={r.IssuedAt:yyyy-MM-ddTHH:mm:ssZ}")
        : $"receipt {check.Index}: FAILED  {check.Error}" + (check.Receipt is { } bad ? $" (id={bad.Id})" : string.Empty);
}
