using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hawiya.Card.Profile;
using Hawiya.EdgeReader.Cli;
using Hawiya.CardReader.Pcsc;

namespace Hawiya.EdgeReader.Tests.Cli;

[Collection(PcscdCollection.Name)]
public sealed class EdgeReaderCliTests(PcscdFixture pcscd)
{
    [Fact]
    public async Task Read_CardInReader_PrintsSubjectToOutputOnly()
    {
        await using var inserted = await pcscd.InsertAsync();
        using var certificate = X509CertificateLoader.LoadCertificate(inserted.File.Certificate);

        var (exit, output, error) = await RunAsync("", "read", "--reader", PcscdFixture.Reader0, "--timeout", "10");

        Assert.Equal(EdgeReaderCli.Done, exit);
        Assert.Contains(certificate.Subject, output);
        Assert.DoesNotContain("Test Holder", error);
    }

    [Fact]
    public async Task Sign_PinOnStandardInput_PrintsSignatureThatVerifies()
    {
        await using var inserted = await pcscd.InsertAsync();
        var nonce = RandomNumberGenerator.GetBytes(32);

        var (exit, output, _) = await RunAsync(InsertedCard.Pin + "\n", "sign", "--nonce", Convert.ToHexString(nonce), "--timeout", "10");

        Assert.Equal(EdgeReaderCli.Done, exit);
        var signature = Convert.FromHexString(output.Split('\n')[0]["signature: ".Length..].Trim());
        using var certificate = X509CertificateLoader.LoadCertificate(inserted.File.Certificate);
        Assert.True(CardAuthentication.Verify(certificate, AuthenticationGate.Pin, nonce, signature));
    }

    [Fact]
    public async Task VerifyPin_WrongPin_ExitsHolderRefusedWithTriesLeft()
    {
        await using var inserted = await pcscd.InsertAsync();

        var (exit, output, _) = await RunAsync("9999\n", "verify-pin", "--timeout", "10");

        Assert.Equal(EdgeReaderCli.HolderRefused, exit);
        Assert.Contains("2 tries left", output);
    }

    [Fact]
    public async Task Read_EmptyReader01_ExitsReaderErrorWithClearMessage()
    {
        var (exit, _, error) = await RunAsync("", "read", "--reader", PcscdFixture.Reader1, "--timeout", "0.3");

        Assert.Equal(EdgeReaderCli.ReaderError, exit);
        Assert.Contains($"No card insertion in reader '{PcscdFixture.Reader1}'", error);
    }

    [Fact]
    public async Task List_PcscdUnreachable_ExitsReaderErrorSayingServiceNotRunning()
    {
        // pcsc-lite reads its socket path once per process, so an unreachable pcscd needs a process of its own.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(EdgeReaderCli).Assembly.Location);
        start.ArgumentList.Add("list");
        start.Environment["PCSCLITE_CSOCK_NAME"] = Path.Combine(Path.GetTempPath(), $"no-pcscd-{Guid.NewGuid():N}.comm");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(PcscdFixture.Bounded);

        Assert.Equal(EdgeReaderCli.ReaderError, process.ExitCode);
        Assert.Contains("pcscd) is not running", await error);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var cli = new EdgeReaderCli(new StringReader(input), output, error, interactive: false);

        var exit = await cli.RunAsync(args, CancellationToken.None);

        return (exit, output.ToString(), error.ToString());
    }
}
