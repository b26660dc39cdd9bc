using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Hawiya.Receipts;

namespace Hawiya.ReceiptVerifier.Tests;

/// <summary>The command line on real files and a real loopback HTTP JWKS, with receipts signed as the platform signs them.</summary>
public sealed class VerifierCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hawiya-receipts-").FullName;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _jwks;

    public VerifierCommandTests() => _jwks = ReceiptJwks.Write([("receipts-1", _key.ExportParameters(false))]);

    [Fact]
    public async Task Run_ValidChainFile_ExitsZeroAndSaysValid()
    {
        var (code, output, _) = await RunAsync("--jwks", Write("jwks.json", _jwks), Write("chain.txt", string.Join('\n', Chain(3))));

        Assert.Equal(VerifierCommand.Valid, code);
        Assert.Contains("chain of 3 receipts: VALID", output);
        Assert.Contains("receipt 2: ok", output);
    }

    [Fact]
    public async Task Run_ReceiptsAsSeparateFilesInOrder_Valid()
    {
        var chain = Chain(2);

        var (code, _, _) = await RunAsync("--jwks", Write("jwks.json", _jwks), Write("a.jws", chain[0]), Write("b.jws", chain[1]));

        Assert.Equal(VerifierCommand.Valid, code);
    }

    [Fact]
    public async Task Run_Reordered_ExitsOneNamingTheBrokenLink()
    {
        var chain = Chain(3);

        var (code, output, _) = await RunAsync("--jwks", Write("jwks.json", _jwks), Write("chain.txt", string.Join('\n', chain[1], chain[0], chain[2])));

        Assert.Equal(VerifierCommand.Invalid, code);
        Assert.Contains("receipt 1: FAILED  does not follow receipt 0", output);
        Assert.Contains("INVALID", output);
    }

    [Fact]
    public async Task Run_TamperedSignature_ExitsOne()
    {
        var receipt = Chain(1)[0];
        var tampered = receipt[..^4] + (receipt[^4] == 'A' ? "B" : "A") + receipt[^3..];

        var (code, output, _) = await RunAsync("--jwks", Write("jwks.json", _jwks), Write("one.jws", tampered));

        Assert.Equal(VerifierCommand.Invalid, code);
        Assert.Contains("the signature does not verify", output);
    }

    [Fact]
    public async Task Run_KeyNotInJwks_ExitsOne()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var foreign = new ReceiptSigner(other, "someone-else").Sign(Receipt(0, null));

        var (code, output, _) = await RunAsync("--jwks", Write("jwks.json", _jwks), Write("one.jws", foreign));

        Assert.Equal(VerifierCommand.Invalid, code);
        Assert.Contains("kid is missing or not in the JWKS", output);
    }

    [Fact]
    public async Task Run_JwksFromLoopbackUrl_Valid()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var body = Encoding.UTF8.GetBytes(_jwks);
            context.Response.ContentType = "application/jwk-set+json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

        var (code, output, _) = await RunAsync("--jwks", $"http://127.0.0.1:{port}/receipts/jwks", Write("chain.txt", string.Join('\n', Chain(2))));
        await serving;

        Assert.Equal(VerifierCommand.Valid, code);
        Assert.Contains("VALID", output);
    }

    [Fact]
    public async Task Run_Each_ChecksReceiptsIndependently()
    {
        var chain = Chain(3);

        var (code, output, _) = await RunAsync("--jwks", Write("jwks.json", _jwks), "--each", Write("two.txt", string.Join('\n', chain[2], chain[0])));

        Assert.Equal(VerifierCommand.Valid, code);
        Assert.Contains("2 receipts: VALID", output);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--jwks")]
    [InlineData("receipt.jws")]
    [InlineData("--bogus x")]
    public async Task Run_BadUsage_ExitsTwoWithUsage(string commandLine)
    {
        var (code, _, error) = await RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(VerifierCommand.UsageError, code);
        Assert.Contains("usage: hawiya-receipt-verify", error);
    }

    [Fact]
    public async Task Run_MissingFile_ExitsTwo()
    {
        var (code, _, error) = await RunAsync("--jwks", Write("jwks.json", _jwks), Path.Combine(_directory, "absent.jws"));

        Assert.Equal(VerifierCommand.UsageError, code);
        Assert.StartsWith("error:", error);
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private List<string> Chain(int count)
    {
        var signer = new ReceiptSigner(_key, "receipts-1");
        var chain = new List<string>();
        string? previous = null;
        for (var i = 0; i < count; i++)
        {
            var jws = signer.Sign(Receipt(i, previous));
            chain.Add(jws);
            previous = ReceiptDigests.Of(jws);
        }

        return chain;
    }

    private static Receipt Receipt(int index, string? previous) => new()
    {
        Issuer = "https://hawiya.example.ma/",
        Id = $"s-session{index}.r{index}",
        ClientId = "tax-portal",
        Subject = "pairwise",
        IssuedAt = new DateTimeOffset(2026, 11, 23, 9, index, 0, TimeSpan.Zero),
        Acr = "eidas2",
        Amr = ["mfa", "pwd", "sms"],
        ClaimsDigest = ReceiptDigests.Claims(new Dictionary<string, string> { ["given_name"] = "Salma" }),
        Previous = previous,
    };

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var http = new HttpClient();
        var code = await VerifierCommand.RunAsync(args, output, error, http);
        return (code, output.ToString(), error.ToString());
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
